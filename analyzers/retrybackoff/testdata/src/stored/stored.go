// Package stored holds retries whose wait comes from a function value kept
// in a field, and retries whose failure is an HTTP status.
package stored

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"time"
)

type client struct {
	http       *http.Client
	maxRetries int
	retryOn    map[int]bool
	backoff    func(attempt int) time.Duration
}

func newClient() *client {
	c := &client{http: &http.Client{Timeout: 10 * time.Second}, maxRetries: 3}
	if c.backoff == nil {
		c.backoff = func(attempt int) time.Duration {
			return time.Second * time.Duration(attempt)
		}
	}
	return c
}

// Positive: the wait is the default backoff above, 1 s × attempt with no
// jitter, waited on a timer beside the request's context.
func (c *client) do(req *http.Request) (*http.Response, error) {
	retries := 0
	for { // want "retry loop wait grows without exponential backoff or jitter"
		resp, err := c.http.Do(req)
		if err != nil {
			return nil, err
		}
		if !c.retryOn[resp.StatusCode] {
			return resp, nil
		}
		_ = resp.Body.Close()
		if retries >= c.maxRetries {
			return nil, errors.New("too many retries")
		}
		retries++
		timer := time.NewTimer(c.backoff(retries))
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
	}
}

// Positive: a server error goes around after a constant sleep.
func poll(url string) (*http.Response, error) {
	for attempt := 0; attempt < 3; attempt++ { // want "retry loop waits the same time between attempts"
		resp, err := http.Get(url)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode < http.StatusInternalServerError {
			return resp, nil
		}
		resp.Body.Close()
		time.Sleep(time.Second)
	}
	return nil, errors.New("unavailable")
}

type jittered struct {
	http    *http.Client
	backoff func(attempt int) time.Duration
}

func newJittered() *jittered {
	return &jittered{
		http: &http.Client{Timeout: 10 * time.Second},
		backoff: func(attempt int) time.Duration {
			base := 100 * time.Millisecond << attempt
			return base + rand.N(base)
		},
	}
}

// Negative: the stored backoff doubles and adds jitter.
func (j *jittered) do(req *http.Request) (*http.Response, error) {
	for attempt := 0; attempt < 4; attempt++ {
		resp, err := j.http.Do(req)
		if err == nil {
			return resp, nil
		}
		time.Sleep(j.backoff(attempt))
	}
	return nil, errors.New("gave up")
}

type configured struct {
	http    *http.Client
	backoff func(attempt int) time.Duration
}

// WithBackoff lets the caller choose the wait; nines does not follow what
// callers pass.
func WithBackoff(fn func(int) time.Duration) *configured {
	return &configured{http: &http.Client{Timeout: time.Second}, backoff: fn}
}

// Negative: the backoff is the caller's, which the analysis cannot read.
func (c *configured) do(req *http.Request) (*http.Response, error) {
	for attempt := 0; attempt < 4; attempt++ {
		resp, err := c.http.Do(req)
		if err == nil {
			return resp, nil
		}
		time.Sleep(c.backoff(attempt))
	}
	return nil, errors.New("gave up")
}

// Exported is set by other packages too.
type Exported struct {
	HTTP    *http.Client
	Backoff func(attempt int) time.Duration
}

// NewExported gives a linear default that callers may replace.
func NewExported() *Exported {
	return &Exported{HTTP: &http.Client{Timeout: time.Second}, Backoff: func(attempt int) time.Duration {
		return time.Duration(attempt) * time.Second
	}}
}

// Negative: an exported field may hold any function; trusted.
func (e *Exported) Do(req *http.Request) (*http.Response, error) {
	for attempt := 0; attempt < 4; attempt++ {
		resp, err := e.HTTP.Do(req)
		if err == nil {
			return resp, nil
		}
		time.Sleep(e.Backoff(attempt))
	}
	return nil, errors.New("gave up")
}

// time.Sleep kept in a field so that tests can replace it: the loop waits
// the same 100 ms each time.
type router struct {
	sleep   func(time.Duration)
	readers []string
}

func newRouter() *router { return &router{sleep: time.Sleep} }

func (r *router) refresh() error { return nil }

func (r *router) readersWait() error {
	for i := 0; i < 100; i++ { // want `retry loop waits the same time between attempts`
		if err := r.refresh(); err == nil {
			return nil
		}
		r.sleep(100 * time.Millisecond)
	}
	return nil
}
