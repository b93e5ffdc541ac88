// Package main checks a deadline passed down in a program: nothing imports
// package main, so its exported functions are called only from what is
// seen here, like unexported ones.
package main

import (
	"context"
	"net/http"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = Fetch(ctx, "https://example.com/a")
	_ = FetchSome(ctx, "https://example.com/b")
	_ = FetchSome(context.Background(), "https://example.com/c")
	var s store
	_ = s.Load(ctx, "https://example.com/d")
}

// Negative: every call passes a context with a deadline.
func Fetch(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Positive: one call passes context.Background().
func FetchSome(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req) // want `on http.DefaultClient, which has no timeout`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type store struct{}

// Positive: an exported method may be called through an interface from
// places not seen.
func (store) Load(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req) // want `on http.DefaultClient, which has no timeout`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
