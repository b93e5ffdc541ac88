// Package rootcause checks that the serve calls of one function are one
// finding (issue 10), and that each server literal stays its own.
package rootcause

import "net/http"

func serveAll(api, metrics http.Handler) {
	go http.ListenAndServe(":8080", api) // want `http\.ListenAndServe serves .*\(2 sites in serveAll share this cause\)`
	go http.ListenAndServe(":9100", metrics)
}

func servers(api, metrics http.Handler) []*http.Server {
	return []*http.Server{
		{Addr: ":8080", Handler: api},     // want `http\.Server sets neither ReadHeaderTimeout nor ReadTimeout, so a slow client can hold a connection forever; set ReadHeaderTimeout$`
		{Addr: ":9100", Handler: metrics}, // want `http\.Server sets neither ReadHeaderTimeout nor ReadTimeout, so a slow client can hold a connection forever; set ReadHeaderTimeout$`
	}
}
