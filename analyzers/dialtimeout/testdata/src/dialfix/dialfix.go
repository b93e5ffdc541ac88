package dialfix

import (
	"fmt"
	"net"
)

type Backend struct{ Host, Port string }

func (b Backend) Open() (net.Conn, error) {
	conn, err := net.Dial("tcp", net.JoinHostPort(b.Host, b.Port)) // want `net.Dial has no timeout`
	if err != nil {
		return nil, fmt.Errorf("dialing %s: %w", b.Host, err)
	}
	return conn, nil
}

func probe(addr string) bool {
	c, err := net.Dial( // want `net.Dial has no timeout`
		"tcp",
		addr,
	)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// No fix through a variable: there is no name to rewrite.
func indirect(addr string) (net.Conn, error) {
	dial := net.Dial
	return dial("tcp", addr) // want `net.Dial has no timeout`
}
