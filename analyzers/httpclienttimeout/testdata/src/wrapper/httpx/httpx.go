// Package httpx is a thin house wrapper around net/http.
package httpx

import "net/http"

// Client is net/http's client under the house name.
type Client = http.Client

// Fetch wraps http.Get; the finding is in the wrapper, where the fix goes.
func Fetch(u string) (*http.Response, error) {
	return http.Get(u) // want `http\.Get uses http\.DefaultClient`
}
