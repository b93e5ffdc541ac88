package selfpoll

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

// Negative: a test polls its own httptest server until it answers.
func TestServerUp(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	for {
		resp, err := http.Get(srv.URL)
		if err != nil {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		resp.Body.Close()
		break
	}
}

// Negative: the same poll in a helper closure, to a path under the
// server's URL.
func TestServerPath(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	wait := func() {
		t.Helper()
		for {
			resp, err := http.Get(srv.URL + "/health")
			if err != nil {
				time.Sleep(100 * time.Millisecond)
				continue
			}
			resp.Body.Close()
			return
		}
	}
	wait()
}

// Positive: a test polling an address from the environment, which may be
// a shared staging service, still hangs on it.
func TestRemoteUp(t *testing.T) {
	url := os.Getenv("STAGING_URL")
	for { // want "retry loop never gives up"
		resp, err := http.Get(url)
		if err != nil {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		resp.Body.Close()
		break
	}
}
