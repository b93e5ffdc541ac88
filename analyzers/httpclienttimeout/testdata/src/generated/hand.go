package generated

import "net/http"

// The same code written by hand is reported.

func fetch(u string) (*http.Response, error) {
	return http.Get(u) // want `http\.Get uses http\.DefaultClient`
}

func client() *http.Client {
	return &http.Client{} // want `http\.Client sets no Timeout`
}
