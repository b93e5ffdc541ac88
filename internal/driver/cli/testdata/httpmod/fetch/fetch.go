// Package fetch calls other services, some of them without a bound.
package fetch

import (
	"net/http"
	"time"
)

var shared = &http.Client{}

var bounded = &http.Client{Timeout: 5 * time.Second}

// Get can wait forever.
func Get(u string) (*http.Response, error) {
	return http.Get(u)
}

// Sidecar talks to a local process that answers at once.
func Sidecar(u string) (*http.Response, error) {
	return http.Get(u) //nolint:httpclienttimeout // localhost sidecar, answers in microseconds
}

// Head is silenced for another analyzer only, so it is still reported.
func Head(u string) (*http.Response, error) {
	//nolint:servertimeout
	return http.Head(u)
}

// Post uses the shared client.
func Post(u string) (*http.Response, error) {
	return shared.Post(u, "text/plain", nil)
}

// Bounded is fine.
func Bounded(u string) (*http.Response, error) {
	return bounded.Get(u)
}
