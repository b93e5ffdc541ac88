// Package app reaches net/http only through httpx: the analyzer must still
// look at it.
package app

import (
	"time"

	"wrapper/httpx"
)

func newClient() *httpx.Client {
	return &httpx.Client{} // want `http\.Client sets no Timeout`
}

func newBounded() *httpx.Client {
	return &httpx.Client{Timeout: time.Minute} // fine: bounded
}

func fetch(u string) error {
	resp, err := httpx.Fetch(u) // fine: reported inside the wrapper
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
