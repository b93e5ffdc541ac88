package billing // want package:"has idempotency facts"

// A retrying sender and the tests that call it: a write a test repeats
// reaches the test's own fixture, so only the Example, which people copy,
// is reported.

import (
	"net/http"
	"testing"
	"time"
)

// send retries req until it succeeds, at most three times.
func send(c *http.Client, req *http.Request) (*http.Response, error) { // want send:`retries its request parameters \[1\]`
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var resp *http.Response
		if resp, err = c.Do(req); err == nil {
			return resp, nil
		}
		time.Sleep(time.Duration(attempt) * time.Second)
	}
	return nil, err
}

// Production code: reported.
func charge(c *http.Client, url string) error { // want charge:`not idempotent: sends a POST request without an Idempotency-Key header \(via http.NewRequest\)`
	req, err := http.NewRequest(http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	_, err = send(c, req) // want `request passed to send, which retries it, is a POST without an Idempotency-Key header`
	return err
}

// mustPost is a test helper outside a _test.go file: harness code.
func mustPost(tb testing.TB, c *http.Client, url string) { // want mustPost:`not idempotent: sends a POST request without an Idempotency-Key header \(via http.NewRequest\)`
	req, err := http.NewRequest(http.MethodPost, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := send(c, req); err != nil {
		tb.Fatal(err)
	}
}
