// Package stopcases checks retries whose wait is a select in which some
// cases stop the loop (a quit channel, a context carried in a struct)
// and one waits on a timer, and selects with a default case, which only
// check whether to stop. The stop cases end the retry; they do not space
// the attempts out, so the wait is the timer's.
package stopcases

import (
	"context"
	"errors"
	"log"
	"math/rand/v2"
	"net"
	"time"
)

type peer struct {
	quit chan struct{}
	wake chan struct{}
}

func (p *peer) running() bool { return true }
func (p *peer) use(net.Conn)  {}

const redial = time.Second

// Positive: on failure, stop on quit or wait a constant second and go
// around.
func (p *peer) connect(addr string) {
	for p.running() { // want `retry loop waits the same time between attempts`
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			select {
			case <-p.quit:
				return
			case <-time.After(redial):
				continue
			}
		}
		p.use(conn)
		return
	}
}

type update struct{ id int }

func (p *peer) updates(offset int) ([]update, error) { return nil, nil }

// Positive: a long poll re-sent after each failure at a constant pace; the
// select with a default case at the top only checks for shutdown, it
// does not wait.
func (p *peer) pump(out chan<- update) {
	offset := 0
	for { // want `loop retries a failing call after the same wait every time`
		select {
		case <-p.quit:
			close(out)
			return
		default:
		}
		ups, err := p.updates(offset)
		if err != nil {
			log.Println(err)
			time.Sleep(3 * time.Second)
			continue
		}
		for _, u := range ups {
			offset = u.id + 1
			out <- u
		}
	}
}

// Positive: the attempts run over every address in turn, then the loop
// waits a constant time before the next round.
func (p *peer) round(addrs []string) {
	for p.running() { // want `retry loop waits the same time between attempts`
		for _, a := range addrs {
			conn, err := net.DialTimeout("tcp", a, time.Second)
			if err == nil {
				p.use(conn)
				return
			}
		}
		select {
		case <-p.quit:
			return
		case <-time.After(redial):
		}
	}
}

// opCtx carries a context.Context by embedding it: its Done and Err are
// the context's.
type opCtx struct {
	context.Context
	op string
}

func push(ctx context.Context, op string) error { return nil }

// Positive: the context is a struct that embeds context.Context; its Done
// case stops the retry, and the timer waits a constant second.
func pushAll(ctx *opCtx) error {
	for { // want `retry loop waits the same time between attempts`
		err := push(ctx, ctx.op)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// Negative: the same wait with jitter.
func (p *peer) connectJittered(addr string) {
	for p.running() {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			select {
			case <-p.quit:
				return
			case <-time.After(redial + rand.N(redial)):
				continue
			}
		}
		p.use(conn)
		return
	}
}

// Negative: another case starts the next attempt early (a wake-up sent
// when the peer is known to be back): the loop's pace is not the timer's
// alone, and a wait it cannot follow is trusted.
func (p *peer) connectOrWake(addr string) {
	for p.running() {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			select {
			case <-p.wake:
				continue
			case <-time.After(redial):
				continue
			}
		}
		p.use(conn)
		return
	}
}

// Negative: an accept loop that pauses a growing time after each failed
// Accept, unless the context ends; accepting waits for clients, it loads
// no dependency.
func acceptAll(ctx context.Context, l net.Listener, handle func(net.Conn)) error {
	pause := 10 * time.Millisecond
	for {
		conn, err := l.Accept()
		if err == nil {
			go handle(conn)
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
			pause += 10 * time.Millisecond
		}
	}
}

// Negative: a consumer loop that hands each message on; a receive error
// ends it.
func consume(ctx context.Context, msgs <-chan string, out chan<- string) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case m, ok := <-msgs:
			if !ok {
				return errors.New("closed")
			}
			out <- m
		}
	}
}

// Negative: a reconnect loop that backs off exponentially with jitter,
// stopping on quit.
func (p *peer) reconnect(addr string) {
	wait := 100 * time.Millisecond
	for p.running() {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			select {
			case <-p.quit:
				return
			case <-time.After(wait + rand.N(wait)):
			}
			wait = min(2*wait, time.Minute)
			continue
		}
		p.use(conn)
		return
	}
}
