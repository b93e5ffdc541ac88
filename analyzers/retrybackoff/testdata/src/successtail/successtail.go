// Package successtail checks retries whose success path, on its way out
// of the loop, calls something that waits with jitter: that wait comes
// after the last attempt, so it does not space the attempts out.
package successtail

import (
	"math/rand/v2"
	"net"
	"time"
)

type link struct{ quit chan struct{} }

func (l *link) running() bool { return true }

// settle waits a jittered moment, then takes the connection into use.
func (l *link) settle(c net.Conn) {
	time.Sleep(time.Duration(rand.Int64N(int64(time.Second))))
	_ = c
}

// Positive: the jittered wait in settle runs once the dial succeeded,
// just before the loop is left; between attempts the loop waits the same
// time.
func (l *link) dial(addr string) {
	for l.running() { // want `retry loop waits the same time between attempts`
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		l.settle(conn)
		return
	}
}

// Positive: the same in a nested block that leaves at its end.
func (l *link) dialNested(addr string) error {
	for l.running() { // want `retry loop does not wait between attempts`
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			l.settle(conn)
			return nil
		}
	}
	return nil
}

// Negative: the jittered helper runs between attempts, on the failure
// path.
func (l *link) dialSettling(addr string) {
	for l.running() {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			l.settle(nil)
			continue
		}
		_ = conn
		return
	}
}

// Negative: the wait before the attempt, at the top of the body, spaces
// the attempts out; the loop is left after the attempt.
func (l *link) dialAfterPause(addr string) {
	for l.running() {
		l.settle(nil)
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			continue
		}
		_ = conn
		return
	}
}
