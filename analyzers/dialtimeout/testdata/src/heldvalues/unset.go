package heldvalues

import (
	"net"
	"time"
)

// A dial timeout read from an options field that nothing in the package
// sets: zero, which net.DialTimeout takes for no timeout (issue 10, class 7).

type ClientOptions struct {
	Host string
	// DialTimeout bounds connecting; zero means no timeout.
	DialTimeout time.Duration
}

func ConnectWith(o ClientOptions) (net.Conn, error) {
	return net.DialTimeout("tcp", o.Host, o.DialTimeout) // want `net.DialTimeout's timeout comes from DialTimeout, which nothing in this package sets`
}

type PoolOptions struct {
	Addr        string
	DialTimeout time.Duration
}

// Not reported: the package gives the field a default.
func ConnectPool(o PoolOptions) (net.Conn, error) {
	if o.DialTimeout <= 0 {
		o.DialTimeout = 5 * time.Second
	}
	return net.DialTimeout("tcp", o.Addr, o.DialTimeout)
}

// Through an unexported helper whose every call passes the unset field.
func Open(o ClientOptions) (net.Conn, error) { return connectTo(o.Host, o.DialTimeout) }

func Reopen(o ClientOptions) (net.Conn, error) { return connectTo(o.Host, o.DialTimeout) }

func connectTo(addr string, timeout time.Duration) (net.Conn, error) {
	return net.DialTimeout("tcp", addr, timeout) // want `net.DialTimeout's timeout comes from DialTimeout`
}

// Not reported: one caller passes a constant.
func OpenQuick(o PoolOptions) (net.Conn, error) { return connectPool(o.Addr, o.DialTimeout) }

func OpenDefault(addr string) (net.Conn, error) { return connectPool(addr, 3*time.Second) }

func connectPool(addr string, timeout time.Duration) (net.Conn, error) {
	return net.DialTimeout("tcp", addr, timeout)
}
