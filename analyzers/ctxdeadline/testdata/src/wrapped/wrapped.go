// Package wrapped sends through clients a wrapper returned.
package wrapped

import (
	"context"
	"net/http"
	"time"

	"hedge"
)

// Negative: the wrapper returns the client it is given, which has a
// Timeout.
func Bounded() error {
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://example.com", http.NoBody)
	if err != nil {
		return err
	}
	hedged, err := hedge.NewClient(time.Millisecond, 3, &http.Client{Timeout: time.Second})
	if err != nil {
		return err
	}
	resp, err := hedged.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Positive: the client given to the wrapper has no Timeout.
func Unbounded() error {
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://example.com", http.NoBody) // want `ctx has no deadline`
	if err != nil {
		return err
	}
	hedged, err := hedge.NewClient(time.Millisecond, 3, &http.Client{})
	if err != nil {
		return err
	}
	resp, err := hedged.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Negative: the client that sends the request has a Timeout.
func Direct() error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, "https://example.com", http.NoBody)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
