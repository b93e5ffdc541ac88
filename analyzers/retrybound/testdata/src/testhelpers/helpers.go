// Package test_helpers checks test-support code outside _test.go (issue
// 10, class 4): a helper that waits for the instance a test started may
// poll it many times, since nothing else shares it; one that never gives
// up still hangs the test.
package test_helpers

import (
	"net"
	"time"
)

// Not reported: 10 attempts at the test's own instance.
func WaitForInstance(addr string) error {
	var err error
	for i := 0; i < 10; i++ {
		var conn net.Conn
		if conn, err = net.DialTimeout("tcp", addr, time.Second); err == nil {
			return conn.Close()
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

// Reported: never gives up, so a test whose instance never starts hangs.
func WaitForever(addr string) {
	for { // want `retry loop never gives up`
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
