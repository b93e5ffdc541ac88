package billing

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// A test's POST goes to its httptest server: not reported.
func TestSend(t *testing.T) { // want TestSend:`not idempotent: sends a POST request without an Idempotency-Key header \(via http.NewRequest\)`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	req, err := http.NewRequest(http.MethodPost, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := send(srv.Client(), req); err != nil {
		t.Fatal(err)
	}
	mustPost(t, srv.Client(), srv.URL)
}

// An Example is documentation people copy: reported.
func ExampleSend() { // want ExampleSend:`not idempotent: sends a POST request without an Idempotency-Key header \(via http.NewRequest\)`
	req, _ := http.NewRequest(http.MethodPost, "https://pay.example/charges", nil)
	_, _ = send(http.DefaultClient, req) // want `request passed to send, which retries it, is a POST without an Idempotency-Key header`
}
