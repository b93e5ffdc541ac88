package generics

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Fetcher decodes JSON of any type from an API.
type Fetcher[T any] struct {
	client *http.Client
	base   string
}

func NewFetcher[T any](base string) *Fetcher[T] {
	return &Fetcher[T]{client: &http.Client{}, base: base} // want `http\.Client sets no Timeout`
}

func NewBoundedFetcher[T any](base string, timeout time.Duration) *Fetcher[T] {
	return &Fetcher[T]{client: &http.Client{Timeout: timeout}, base: base} // fine: bounded
}

// init on a generic receiver: the field path matches through the instance.
func (f *Fetcher[T]) reset(timeout time.Duration) {
	f.client = &http.Client{} // fine: f.client.Timeout assigned below
	f.client.Timeout = timeout
}

func (f *Fetcher[T]) Get(ctx context.Context, path string) (T, error) {
	var out T
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.base+path, nil)
	if err != nil {
		return out, err
	}
	resp, err := f.client.Do(req) // fine: f.client is built above
	if err != nil {
		return out, err
	}
	defer resp.Body.Close()
	return out, json.NewDecoder(resp.Body).Decode(&out)
}

// GetJSON is a generic wrapper around http.Get.
func GetJSON[T any](u string) (T, error) {
	var out T
	resp, err := http.Get(u) // want `http\.Get uses http\.DefaultClient`
	if err != nil {
		return out, err
	}
	defer resp.Body.Close()
	return out, json.NewDecoder(resp.Body).Decode(&out)
}
