package client

import (
	"net"
	"net/http"
)

func Ping(url string) (*http.Response, error) { return http.Get(url) }

func Connect(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }
