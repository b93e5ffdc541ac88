package generated

import (
	"crypto/tls"
	"net"
)

// The same code written by hand is reported.

func dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial has no timeout`
}

func dialTLS(addr string) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, nil) // want `tls.Dial has no timeout`
}
