package fix

import (
	"net/http"
	"time"
)

func oneLine(h http.Handler) *http.Server {
	return &http.Server{Handler: h, WriteTimeout: time.Minute} // want `http\.Server sets neither`
}

func multiLine(addr string, h http.Handler) *http.Server {
	return &http.Server{ // want `http\.Server sets neither`
		Addr:    addr,
		Handler: h,
	}
}

// An explicit zero is reported but left for a person to decide.
func explicitZero() *http.Server {
	return &http.Server{ReadHeaderTimeout: 0} // want `http\.Server sets neither`
}
