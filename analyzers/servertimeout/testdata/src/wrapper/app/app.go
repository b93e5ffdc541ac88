// Package app reaches net/http only through httpx.
package app

import (
	"time"

	"wrapper/httpx"
)

func newServer() *httpx.Server {
	return &httpx.Server{Addr: ":8080"} // want `http\.Server sets neither`
}

func newBounded() *httpx.Server {
	return &httpx.Server{Addr: ":8080", ReadTimeout: time.Minute} // fine: bounded
}
