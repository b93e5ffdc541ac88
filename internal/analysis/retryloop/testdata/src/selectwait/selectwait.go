// Package selectwait holds retries whose failure path waits in a select
// that either stops the loop or goes around.
package selectwait

import (
	"errors"
	"net"
	"time"
)

type node struct {
	quit chan struct{}
	wake chan struct{}
}

func (n *node) alive() bool                    { return true }
func (n *node) resolve(string) (string, error) { return "", nil }
func (n *node) use(net.Conn)                   {}

var errGone = errors.New("gone")

// Positive: on failure the select either stops (the node shuts down) or,
// once the timer fires, starts the next attempt.
func (n *node) dialPeer(host string) {
	for n.alive() { // want "retry loop"
		conn, err := net.DialTimeout("tcp", host, time.Second) // want "attempt net.DialTimeout"
		if err != nil {
			select {
			case <-n.quit:
				return
			case <-time.After(time.Second):
				continue
			}
		}
		n.use(conn)
		return
	}
}

// Positive: a lookup then a dial on the same error variable, the dial made
// only when the lookup worked; the failure of either waits in a select.
func (n *node) dialResolved(host string, forever bool, limit int) {
	tries := 0
	for n.alive() { // want "retry loop"
		var conn net.Conn
		addr, err := n.resolve(host) // want "attempt n.resolve"
		if err == errGone {
			return
		}
		if err == nil {
			conn, err = net.DialTimeout("tcp", addr, time.Second) // want "attempt net.DialTimeout"
		}
		if err != nil {
			tries++
			if !forever && tries > limit {
				return
			}
			select {
			case <-time.After(time.Second):
				continue
			case <-n.quit:
				return
			}
		}
		n.use(conn)
		return
	}
}

// Positive: every case of the select on the success path leaves, so the
// success path leaves.
func (n *node) dialThenReport(host string, done chan<- net.Conn) {
	for { // want "retry loop"
		conn, err := net.DialTimeout("tcp", host, time.Second) // want "attempt net.DialTimeout"
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		select {
		case done <- conn:
			return
		case <-n.quit:
			return
		}
	}
}

// Negative: on the success path the select goes around on one case and
// leaves on the other; neither outcome is sure, and the failure path
// returns, so nothing here retries.
func (n *node) watch(host string) error {
	for {
		conn, err := net.DialTimeout("tcp", host, time.Second)
		if err != nil {
			return err
		}
		n.use(conn)
		select {
		case <-n.wake:
			continue
		case <-n.quit:
			return nil
		}
	}
}
