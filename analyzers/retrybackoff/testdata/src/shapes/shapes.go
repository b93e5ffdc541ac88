// Package shapes holds retry loops written in shapes the recogniser once
// missed (class 9 of issue 10): each waits a constant time between
// attempts and must be reported as such.
package shapes

import (
	"context"
	"time"
)

func send() error                   { return nil }
func sendCtx(context.Context) error { return nil }

// The attempt is compared with nil in the if, with no error variable.
func callCompared() {
	for i := 0; i < 3; i++ { // want `retry loop waits the same time between attempts`
		if send() == nil {
			return
		}
		time.Sleep(time.Second)
	}
}

// Range over a constant with no key.
func rangeConst() error {
	var err error
	for range 3 { // want `retry loop waits the same time between attempts`
		if err = send(); err == nil {
			return nil
		}
		time.Sleep(2 * time.Second)
	}
	return err
}

// The wait comes before the attempt.
func waitFirst() error {
	var err error
	for i := 0; i < 3; i++ { // want `retry loop waits the same time between attempts`
		time.Sleep(time.Second)
		if err = send(); err == nil {
			return nil
		}
	}
	return err
}

// A context carried by a struct that embeds context.Context.
type reqCtx struct {
	context.Context
	id string
}

func embedded(rc reqCtx) error {
	var err error
	for i := 0; i < 3; i++ { // want `retry loop waits the same time between attempts`
		if err = sendCtx(rc); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

type conn struct{ next *conn }

func (c *conn) ping() error { return nil }

type pool struct {
	front *conn
	test  func(*conn) error
}

// A pool handing out the first idle connection that passes its checks:
// each pass tests another connection, so it is no retry.
func (p *pool) get() *conn {
	for p.front != nil {
		c := p.front
		p.front = c.next
		if (p.test == nil || p.test(c) == nil) && c.ping() == nil {
			return c
		}
		time.Sleep(time.Millisecond)
	}
	return nil
}
