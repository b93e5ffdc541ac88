package broken

import (
	"crypto/tls"
	"net"
)

// This file does not type-check: the analyzer must not panic on it.

func broken(addr string) {
	net.Dial("tcp")              // want `net.Dial has no timeout`
	net.Dial("tcp", addr, extra) // the same cause as the line above
	var d net.Dialer = undefined
	d.Dial("tcp", addr)
	tls.DialWithDialer()
	tls.DialWithDialer(missing.Dialer, "tcp", addr, nil)
	(*net.Dialer).Dial()
	var x struct{ dialer *net.Dialer }
	x.dialer.Dial(1, 2, 3)
	dial := net.NoSuchDial
	dial("tcp", addr)
}
