package generated

import "net/http"

// The same code written by hand is reported.

func serve(h http.Handler) error {
	return http.ListenAndServe(":8080", h) // want `http\.ListenAndServe serves`
}

func server(h http.Handler) *http.Server {
	return &http.Server{Handler: h} // want `http\.Server sets neither`
}
