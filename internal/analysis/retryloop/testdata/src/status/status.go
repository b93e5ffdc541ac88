// Package status holds retries whose failure is an HTTP response's status
// rather than an error, and loops that test a status without retrying.
package status

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

type client struct {
	http          *http.Client
	maxRetries    int
	disableRetry  bool
	retryOnStatus map[int]bool
	backoff       func(attempt int) time.Duration
}

// Positive: an error returns at once, a status in the retry set goes
// around after a wait, any other status returns the response.
func (c *client) do(req *http.Request) (*http.Response, error) {
	retries := 0
	for { // want "retry loop"
		resp, err := c.http.Do(req) // want "attempt c.http.Do"
		if err != nil {
			return nil, err
		}
		if c.disableRetry || !c.retryOnStatus[resp.StatusCode] {
			return resp, nil
		}
		_ = resp.Body.Close()
		if retries >= c.maxRetries {
			return nil, errors.New("too many retries")
		}
		retries++
		time.Sleep(c.backoff(retries))
	}
}

// Positive: a server error goes around; the test is a comparison.
func serverErrors(url string) (*http.Response, error) {
	for attempt := 0; attempt < 3; attempt++ { // want "retry loop"
		resp, err := http.Get(url) // want "attempt http.Get"
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

// Positive: the failing status is the branch that goes around.
func throttled(c *http.Client, req *http.Request) (*http.Response, error) {
	for { // want "retry loop"
		resp, err := c.Do(req) // want "attempt c.Do"
		if err != nil {
			return nil, err
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			resp.Body.Close()
			time.Sleep(time.Second)
			continue
		}
		return resp, nil
	}
}

// Positive: a predicate named for retrying decides.
func predicate(c *http.Client, req *http.Request) (*http.Response, error) {
	for i := 0; i < 5; i++ { // want "retry loop"
		resp, err := c.Do(req) // want "attempt c.Do"
		if err != nil {
			return nil, err
		}
		if !shouldRetry(resp) {
			return resp, nil
		}
		time.Sleep(time.Duration(i) * time.Second)
	}
	return nil, errors.New("gave up")
}

func shouldRetry(resp *http.Response) bool { return resp.StatusCode >= 500 }

// Negative: pagination. A bad status leaves with an error, a good one goes
// on to the next page: the status test reads the same both ways round.
func pages(c *http.Client, url string) ([]string, error) {
	var all []string
	for url != "" {
		resp, err := c.Get(url)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("status %d", resp.StatusCode)
		}
		resp.Body.Close()
		all = append(all, url)
		url = resp.Header.Get("Next")
	}
	return all, nil
}

// Negative: a good status goes around to read the next item and a bad one
// leaves with a typed error; the branch that goes around is the success.
func stream(c *http.Client, req *http.Request) error {
	for {
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusOK {
			resp.Body.Close()
			continue
		}
		return &statusError{code: resp.StatusCode}
	}
}

type statusError struct{ code int }

func (e *statusError) Error() string { return fmt.Sprint(e.code) }

// Negative: a status test that does not tell success from failure (a
// redirect) decides nothing.
func redirects(c *http.Client, req *http.Request) (*http.Response, error) {
	for {
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusFound {
			return resp, nil
		}
		req, err = http.NewRequest(http.MethodGet, resp.Header.Get("Location"), nil)
		if err != nil {
			return nil, err
		}
	}
}
