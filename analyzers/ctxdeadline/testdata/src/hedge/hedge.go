// Package hedge wraps the caller's client in a transport of its own and
// returns it, as hedged-request and tracing libraries do.
package hedge

import (
	"net/http"
	"time"
)

type rt struct{ next http.RoundTripper }

func (r *rt) RoundTrip(req *http.Request) (*http.Response, error) { return r.next.RoundTrip(req) }

func NewClient(timeout time.Duration, upto int, client *http.Client) (*http.Client, error) {
	c, _, err := NewClientAndStats(timeout, upto, client)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func NewClientAndStats(timeout time.Duration, upto int, client *http.Client) (*http.Client, int, error) {
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Second}
	}
	client.Transport = &rt{next: client.Transport}
	return client, 0, nil
}
