// Package loopback checks requests to this machine (issue 10, class 2):
// the program's own server or a process beside it.
package loopback

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
)

func probe() (*http.Request, error) {
	return http.NewRequestWithContext(context.Background(), http.MethodGet, "http://127.0.0.1:8080/health", nil) // not reported
}

func probeConfigured(path string) (*http.Request, error) {
	host := cmp.Or(os.Getenv("HOST"), "localhost")
	url := fmt.Sprintf("http://%s%s", net.JoinHostPort(host, "8080"), path)
	return http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil) // not reported
}

func remote() (*http.Request, error) {
	return http.NewRequestWithContext(context.Background(), http.MethodGet, "https://api.example.com/v1", nil) // want `context.Background\(\) has no deadline`
}
