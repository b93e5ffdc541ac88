// Package billing sends charges; Charge is not safe to repeat.
package billing

import (
	"net/http"
	"strings"
	"time"
)

var client = &http.Client{Timeout: 10 * time.Second}

// Charge posts a charge without an idempotency key.
func Charge(customer string) error {
	resp, err := client.Post("https://pay.example.com/charges", "text/plain", strings.NewReader(customer))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Status uses the default client: a finding in billing, reported only when
// billing itself is vetted.
func Status() error {
	resp, err := http.Get("https://pay.example.com/status")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
