package dialfixrenamed

import (
	gonet "net"
	stdtime "time"
)

var retryEvery = 2 * stdtime.Second

func connect(addr string) (gonet.Conn, error) {
	return gonet.Dial("tcp", addr) // want `net.Dial has no timeout`
}

// No fix: a local variable named stdtime hides the package here.
func shadowed(addr string) (gonet.Conn, error) {
	stdtime := "now"
	_ = stdtime
	return gonet.Dial("tcp", addr) // want `net.Dial has no timeout`
}
