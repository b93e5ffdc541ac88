// Package loopbackbind checks servers that listen on this machine only
// (issue 10, class 2): an admin or debug listener on loopback or on the
// program's own Unix socket is not exposed to the network, so no slow
// client can reach it.
package loopbackbind

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

func debug() {
	go http.ListenAndServe("127.0.0.1:6060", nil) // not reported
}

func debugPort(port int) error {
	return http.ListenAndServe(fmt.Sprintf("localhost:%d", port), nil) // not reported
}

func adminSocket(path string, h http.Handler) error {
	ln, err := net.Listen("unix", path)
	if err != nil {
		return err
	}
	return http.Serve(ln, h) // not reported: the program's own socket
}

func loopbackListener(h http.Handler) error {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		return err
	}
	return http.Serve(ln, h) // not reported
}

func serverOnLoopback(h http.Handler) *http.Server {
	return &http.Server{Addr: "localhost:9090", Handler: h} // not reported
}

func serverOnSocket(path string, h http.Handler) error {
	ln, err := net.Listen("unix", path)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h} // not reported: served on the socket only
	return srv.Serve(ln)
}

// ---- still reported ----

// All interfaces.
func public(h http.Handler) error {
	return http.ListenAndServe(":8080", h) // want `http\.ListenAndServe serves`
}

// An address from a setting may be anything.
func configured(addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return http.Serve(ln, h) // want `http\.Serve serves`
}

// A server served on a loopback listener and also on a public address.
func both(h http.Handler) error {
	ln, _ := net.Listen("unix", "/run/app.sock")
	srv := &http.Server{Handler: h} // want `http\.Server sets neither`
	go srv.Serve(ln)
	srv.Addr = ":8080"
	return srv.ListenAndServe()
}

// A timeout set is fine wherever it listens.
func timed(h http.Handler) error {
	srv := &http.Server{Addr: ":8443", Handler: h, ReadHeaderTimeout: 5 * time.Second}
	return srv.ListenAndServe()
}
