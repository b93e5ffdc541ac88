// Package httpx is a house wrapper around net/http.
package httpx

import "net/http"

type Server = http.Server
