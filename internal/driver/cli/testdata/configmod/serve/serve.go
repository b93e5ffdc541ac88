// Package serve configures an httptest server: servertimeout reports it
// only when its httptest setting is on.
package serve

import (
	"net/http"
	"net/http/httptest"
)

func New(h http.Handler) *httptest.Server {
	ts := httptest.NewUnstartedServer(h)
	ts.Config = &http.Server{Handler: h}
	ts.Start()
	return ts
}
