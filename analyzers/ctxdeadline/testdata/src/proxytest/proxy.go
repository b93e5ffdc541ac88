// Package proxytest is a forwarding proxy whose tests name remote hosts in
// requests that only ever reach the test's own listener.
package proxytest

import (
	"net"
	"net/http"
)

// Forward writes req to conn.
func Forward(conn net.Conn, req *http.Request) error { return req.Write(conn) }
