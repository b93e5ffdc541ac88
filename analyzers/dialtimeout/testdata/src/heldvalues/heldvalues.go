// Package heldvalues checks dialers the analyzer follows through fields
// and arguments (issue 10, class 7), and dials on branches (class 8).
package heldvalues

import (
	"crypto/tls"
	"net"
	"time"
)

// A dialer held by value in a struct field, never given a timeout.
type client struct {
	addr   string
	dialer net.Dialer
}

func (c *client) connect() (net.Conn, error) {
	return c.dialer.Dial("tcp", c.addr) // want `\(\*net\.Dialer\)\.Dial on a dialer that sets neither Timeout nor Deadline`
}

// The same field form with its timeout set where the value is built.
type timedClient struct {
	addr   string
	dialer net.Dialer
}

func newTimedClient(addr string) *timedClient {
	return &timedClient{addr: addr, dialer: net.Dialer{Timeout: 5 * time.Second}}
}

func (c *timedClient) connect() (net.Conn, error) {
	return c.dialer.Dial("tcp", c.addr) // a timeout is set: not reported
}

// A dialer passed as an argument: the dial is in the callee, the cause at
// the caller that builds the dialer.
func dialWith(d *net.Dialer, addr string) (net.Conn, error) {
	return d.Dial("tcp", addr)
}

func useDialWith(addr string) {
	dialWith(&net.Dialer{KeepAlive: time.Minute}, addr) // want `dialWith dials with this net\.Dialer, which sets neither Timeout nor Deadline`
	dialWith(&net.Dialer{Timeout: time.Second}, addr)   // timed: not reported
}

// A callee that sets the timeout itself is fine whatever it is given.
func dialWithOwnTimeout(d *net.Dialer, addr string) (net.Conn, error) {
	d.Timeout = 3 * time.Second
	return d.Dial("tcp", addr)
}

func useDialWithOwnTimeout(addr string) {
	dialWithOwnTimeout(&net.Dialer{}, addr) // the callee sets Timeout: not reported
}

// tls.Dial on one branch, net.Dial on the other: both connect without a
// timeout, one cause (the function's choice of dial), one finding.
func dialEither(useTLS bool, addr string, cfg *tls.Config) (net.Conn, error) {
	if useTLS {
		return tls.Dial("tcp", addr, cfg) // want `tls\.Dial has no timeout`
	}
	return net.Dial("tcp", addr) // want `net\.Dial has no timeout`
}
