// Package regress holds cases that once went wrong, and shapes seen in the
// real-code corpus (go-redis, grpc, vault) pinned down so they stay decided.
package regress

import (
	"net"
	"net/http"
	"time"
)

type proxy struct {
	httpServer *http.Server
	listenAddr string
}

// go-redis fault injector: stored in a field, served from a goroutine.
func (s *proxy) start(h http.Handler) {
	s.httpServer = &http.Server{ // want `http\.Server sets neither`
		Addr:    s.listenAddr,
		Handler: h,
	}
	go s.httpServer.ListenAndServe()
}

// The same with the field set afterwards through the receiver.
func (s *proxy) startBounded(h http.Handler, wait time.Duration) {
	s.httpServer = &http.Server{Addr: s.listenAddr, Handler: h} // fine: s.httpServer.ReadHeaderTimeout set below
	s.httpServer.ReadHeaderTimeout = wait
	go s.httpServer.ListenAndServe()
}

// grpc stub server: serving on a listener it was handed.
func serve(lis net.Listener, h http.Handler) *http.Server {
	hs := &http.Server{Handler: h} // want `http\.Server sets neither`
	go hs.Serve(lis)
	return hs
}

// An assignment before the literal is to another value.
func reassigned(h http.Handler) *http.Server {
	srv := &http.Server{ReadTimeout: time.Second} // fine: bounded
	srv.ReadHeaderTimeout = time.Second
	srv = &http.Server{Handler: h} // want `http\.Server sets neither`
	return srv
}

// Elided types in a map literal are http.Server literals too.
var servers = map[string]*http.Server{
	"public": {Addr: ":443"},                                  // want `http\.Server sets neither`
	"admin":  {Addr: ":9090", ReadHeaderTimeout: time.Second}, // fine: bounded
}

// Once reported: a timeout set in a closure that runs the server.
func runWithOptions(h http.Handler, opts ...func(*http.Server)) error {
	srv := &http.Server{Handler: h} // fine: the closure below sets ReadTimeout
	defaults := func() { srv.ReadTimeout = 30 * time.Second }
	defaults()
	for _, o := range opts {
		o(srv)
	}
	return srv.ListenAndServe()
}
