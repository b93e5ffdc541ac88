// Package broken does not type-check; the analyzer must still run on what
// it can see and never panic.
package broken

import (
	"net/http"
	"time"
)

func f() {
	c := &http.Client{Timeout: undefinedTimeout}
	c.Timeout = alsoUndefined
	d := &http.Client{} // want `http\.Client sets no Timeout`
	_ = d
	e := &http.Client{Transport: &http.Transport{DialContext: missing.DialContext, ResponseHeaderTimeout: time.Second}} // want `http\.Client sets no Timeout`
	_ = e
	var x = &Unknown{Timeout: 1}
	x.Timeout = 2
	http.Get(undefinedURL) // want `http\.Get uses http\.DefaultClient.*\(3 sites in`
	get := http.Get
	get(1, 2, 3)                         // related: one cause, http.DefaultClient
	undefinedFunc(http.DefaultClient.Do) // related
	_ = c
}
