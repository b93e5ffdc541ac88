package api

import "net/http"

func (a *API) Ping() (*http.Response, error) { return a.client.Get(a.base) }

var serveFn = http.ListenAndServeTLS

func quiet() { http.Get("http://x") } //nolint:httpclienttimeout // a test of suppression
