// Package once holds loops that go around at most once, and loops that
// look like them but can go around again.
package once

import (
	"errors"
	"net/http"
)

type entry struct {
	url    string
	client *http.Client
}

func (e *entry) reload() error { e.url += "?fresh"; return nil }

var errForbidden = errors.New("forbidden")

func (e *entry) fetch() (*http.Response, error) {
	resp, err := e.client.Get(e.url)
	if err == nil && resp.StatusCode == http.StatusForbidden {
		return nil, errForbidden
	}
	return resp, err
}

// Negative: one more attempt after reloading an expired URL.
func (e *entry) download() (*http.Response, error) {
	var retried bool
	for {
		resp, err := e.fetch()
		if err != nil {
			if !retried && errors.Is(err, errForbidden) {
				return nil, err
			}
			if !retried {
				retried = true
				if err := e.reload(); err != nil {
					return nil, err
				}
				continue
			}
			return nil, err
		}
		return resp, nil
	}
}

// Positive: the flag is cleared again, so the loop can go around forever
// without waiting.
func (e *entry) resetting() (*http.Response, error) {
	retried := false
	for { // want "retry loop does not wait between attempts"
		resp, err := e.fetch()
		if err != nil {
			if !retried {
				retried = true
				continue
			}
			retried = false
			continue
		}
		return resp, nil
	}
}

// Positive: the body falls off its end, which goes around unguarded.
func (e *entry) fallsThrough() (*http.Response, error) {
	tried := false
	for { // want "retry loop does not wait between attempts"
		resp, err := e.fetch()
		if err == nil {
			return resp, nil
		}
		if !tried {
			tried = true
			continue
		}
	}
}
