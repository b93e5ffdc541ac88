// Package mockserver is a fake of a remote API for integration tests: its
// readiness poll waits on a server it started itself.
package mockserver

import (
	"fmt"
	"net/http"
	"time"
)

// Server is the fake.
type Server struct{ Port int }

// WaitForReady polls the fake until it answers: harness code, not
// reported.
func (s *Server) WaitForReady() error {
	for i := 0; i < 30; i++ {
		resp, err := http.Get(fmt.Sprintf("http://localhost:%d/ready", s.Port))
		if err == nil && resp.StatusCode == http.StatusOK {
			return nil
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("not ready")
}

// Client talks to the real API, whose address is configured.
type Client struct{ BaseURL string }

// Positive: the same poll against a configured address, which may be a
// service every client shares.
func (c *Client) WaitForReady() error {
	for i := 0; i < 30; i++ { // want "retry loop waits the same time between attempts"
		req, err := http.NewRequest(http.MethodGet, c.BaseURL+"/ready", nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil && resp.StatusCode == http.StatusOK {
			return nil
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("not ready")
}

// Negative: a request built for a loopback URL, then sent.
func (s *Server) WaitBuilt() error {
	for i := 0; i < 30; i++ {
		req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:9000/ready", nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil && resp.StatusCode == http.StatusOK {
			return nil
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("not ready")
}

// Positive: a malformed URL names no loopback host (and must not stop the
// analysis).
func waitMalformed() error {
	for i := 0; i < 3; i++ { // want "retry loop waits the same time between attempts"
		if resp, err := http.Get("http://[::1"); err == nil {
			return resp.Body.Close()
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("not ready")
}
