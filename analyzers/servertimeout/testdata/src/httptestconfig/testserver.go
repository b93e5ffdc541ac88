// Package httptestconfig builds loopback servers for tests with httptest.
package httptestconfig

import (
	"net/http"
	"net/http/httptest"
)

func New(h http.Handler) *httptest.Server {
	ts := httptest.NewUnstartedServer(h)
	ts.Config = &http.Server{Handler: h} // fine: an httptest server's own config
	ts.Start()
	return ts
}

func NewLiteral(h http.Handler) *httptest.Server {
	return &httptest.Server{Config: &http.Server{Handler: h}} // fine: an httptest server
}

func NewTLS(h http.Handler) *httptest.Server {
	return httptest.NewTLSServer(h) // fine: nothing to configure
}

// Outside httptest the same literal is reported.
func NewReal(h http.Handler) *http.Server {
	return &http.Server{Handler: h} // want `http\.Server sets neither`
}
