// Package acceptloop holds server loops around a listener's Accept: a
// failed Accept waits for the next client, so they are not retries, and
// loops around a method named Accept of something that is not a listener.
package acceptloop

import (
	"errors"
	"net"
	"time"
)

// Negative: a server's accept loop. A failed Accept waits for the next
// client; it loads no dependency, whatever the loop does on failure.
func serve(l net.Listener, quit chan struct{}) error {
	var pause time.Duration
	for {
		conn, err := l.Accept()
		if err != nil {
			select {
			case <-quit:
				return nil
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				pause = max(2*pause, 5*time.Millisecond)
				time.Sleep(pause)
				continue
			}
			return err
		}
		go conn.Close()
	}
}

// Negative: the same with a *net.TCPListener and AcceptTCP.
func serveTCP(l *net.TCPListener) error {
	for {
		conn, err := l.AcceptTCP()
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		go conn.Close()
	}
}

type queue struct{}

func (queue) Accept(job string) error { return nil }

// Positive: Accept of something that is not a listener (no Addr) is an
// attempt like any other.
func submit(q queue) error {
	for { // want "retry loop"
		if err := q.Accept("job"); err == nil { // want "attempt q.Accept"
			return nil
		}
		time.Sleep(time.Second)
	}
}
