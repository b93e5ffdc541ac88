// Package loopback checks requests to this machine (issue 10, class 2): a
// health probe of the program's own server, a reload event for a helper it
// runs beside it. The peer is a local process, as for the loopback dials
// dialtimeout leaves alone.
package loopback

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
)

func ownHealth(ctx context.Context, path string) error {
	host := cmp.Or(os.Getenv("APP_HOST"), "localhost")
	port := cmp.Or(os.Getenv("PORT"), "8080")
	url := fmt.Sprintf("http://%s%s/health", net.JoinHostPort(host, port), path)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req) // not reported: the program's own server
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func notify(port int) error {
	resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/reload", port), "text/plain", nil) // not reported
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func sidecar(host string, port int) error {
	if host == "" {
		host = "localhost"
	}
	resp, err := http.Get(fmt.Sprintf("http://%s:%d/ready", host, port)) // want `http.Get uses http.DefaultClient`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func remote(ctx context.Context) error {
	host := cmp.Or(os.Getenv("API_HOST"), "api.example.com")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+host+"/v1", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req) // want `on http.DefaultClient, which has no timeout`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Not reported: an httptest server always listens on loopback, as in an
// example that demonstrates a handler.
func demo(h http.Handler) error {
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/jobs")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Not reported: a scheme, then a loopback host from the environment.
func schemeThenHost() error {
	host := cmp.Or(os.Getenv("HOST"), "127.0.0.1:8080")
	resp, err := http.Get("http://" + host + "/metrics")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
