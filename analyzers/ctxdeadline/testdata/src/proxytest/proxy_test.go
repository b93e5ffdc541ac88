package proxytest

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Negative: a CONNECT to a made-up host, written by hand to the test's own
// server: it goes where conn goes.
func TestConnect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodConnect, "shop.io:443", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := req.Write(conn); err != nil {
		t.Fatal(err)
	}
	if _, err := http.ReadResponse(bufio.NewReader(conn), req); err != nil {
		t.Fatal(err)
	}
}

// Positive: a test that sends to a remote host with a client waits on a
// service it did not start.
func TestPublic(t *testing.T) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, "https://status.vendor.io/v1", nil) // want `has no deadline`
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}
