// Package httptestincluded is checked with -httptest: the servers of
// httptest are reported like any other.
package httptestincluded

import (
	"net/http"
	"net/http/httptest"
	"time"
)

func New(h http.Handler) *httptest.Server {
	ts := httptest.NewUnstartedServer(h)
	ts.Config = &http.Server{Handler: h} // want `http\.Server sets neither`
	ts.Start()
	return ts
}

func NewBounded(h http.Handler) *httptest.Server {
	ts := httptest.NewUnstartedServer(h)
	ts.Config = &http.Server{Handler: h, ReadHeaderTimeout: time.Second} // fine: bounded
	ts.Start()
	return ts
}
