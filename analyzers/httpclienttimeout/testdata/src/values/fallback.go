package values

import (
	"context"
	"net/http"
	"time"
)

// A client that defaults to one without a Timeout and is replaced only when
// the caller supplies one (issue 10, class 7): as shipped, the default
// decides.

type options struct{ Client *http.Client }

type ctxKey struct{}

func clientFrom(ctx context.Context) *http.Client {
	c, _ := ctx.Value(ctxKey{}).(*http.Client)
	return c
}

func fetchWithFallback(ctx context.Context, req *http.Request) (*http.Response, error) {
	client := http.DefaultClient
	if c := clientFrom(ctx); c != nil {
		client = c
	}
	return client.Do(req.WithContext(ctx)) // want `has no timeout`
}

func fetchWithOptions(o options, req *http.Request) (*http.Response, error) {
	client := http.DefaultClient
	if o.Client != nil {
		client = o.Client
	}
	return client.Do(req) // want `has no timeout`
}

// Not reported: the default has a Timeout.
func fetchBoundedDefault(o options, req *http.Request) (*http.Response, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	if o.Client != nil {
		client = o.Client
	}
	return client.Do(req)
}

// Not reported: replaced by something other than the value the condition
// tests, so which client is used is not plain.
func fetchSwapped(o options, other *http.Client, req *http.Request) (*http.Response, error) {
	client := http.DefaultClient
	if o.Client != nil {
		client = other
	}
	return client.Do(req)
}
