// Package servertest starts the program's server for tests and waits for
// it: a test-support package, whose polls reach the test's own fixture.
package servertest

import (
	"errors"
	"net"
	"time"
)

// WaitSocket polls addr, the address the test's server was given.
func WaitSocket(addr string) error {
	end := time.Now().Add(5 * time.Second)
	for time.Now().Before(end) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		return conn.Close()
	}
	return errors.New("server did not start")
}
