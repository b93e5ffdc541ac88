// Package broken does not type-check; the analyzer must not panic.
package broken

import "net/http"

func f() {
	srv := &http.Server{ReadTimeout: undefinedTimeout}
	srv.ReadHeaderTimeout = missing
	other := &http.Server{Handler: undefinedHandler} // want `http\.Server sets neither`
	_ = other
	http.ListenAndServe(addr) // want `http\.ListenAndServe serves`
	x := &Unknown{ReadTimeout: 1}
	x.ReadTimeout = 2
	undefinedFunc(http.Serve) // want `http\.Serve serves`
}
