package loops

import (
	"context"
	"errors"
	"log"
	"time"
)

func call() error                     { return nil }
func fetch() (string, error)          { return "", nil }
func next() (int, error)              { return 0, nil }
func handle(int)                      {}
func temporary(err error) bool        { return true }
func sleep(ctx context.Context) error { return nil }

// Positive: the classic counted loop, break on success.
func counted() error {
	var err error
	for i := 0; i < 3; i++ { // want "retry loop"
		err = call() // want "attempt call"
		if err == nil {
			break
		}
		time.Sleep(time.Second)
	}
	return err
}

// Positive: for {} with return on success after continue on failure.
func forever() string {
	for { // want "retry loop"
		s, err := fetch() // want "attempt fetch"
		if err != nil {
			log.Print(err)
			time.Sleep(time.Second)
			continue
		}
		return s
	}
}

// Positive: for cond {} with the condition on the error.
func condition() {
	err := call()
	for err != nil { // want "retry loop"
		time.Sleep(time.Second)
		err = call() // want "attempt call"
	}
}

// Positive: three-clause loop whose condition tests the error.
func clauseCondition() error {
	var err error
	for i := 0; i < 5 && err != nil; i++ { // want "retry loop"
		err = call() // want "attempt call"
	}
	return err
}

// Positive: range over an integer, if-init form.
func rangeInt() error {
	for i := range 4 { // want "retry loop"
		if err := call(); err == nil { // want "attempt call"
			return nil
		}
		time.Sleep(time.Duration(i) * time.Second)
	}
	return errors.New("gave up")
}

// Positive: labelled continue from an inner range loop.
func labelled(items []int) error {
retry:
	for attempt := 0; attempt < 3; attempt++ { // want "retry loop retry"
		for range items {
			if err := call(); err != nil { // want "attempt call"
				time.Sleep(time.Second)
				continue retry
			}
		}
		return nil
	}
	return errors.New("gave up")
}

// Positive: a failure that falls through to the end of the body.
func fallThrough() {
	for { // want "retry loop"
		err := call() // want "attempt call"
		if err == nil {
			return
		}
		log.Print(err)
	}
}

// Positive: failure guarded by a retryable check, with else exit.
func elseExit() error {
	for { // want "retry loop"
		if err := call(); err != nil && temporary(err) { // want "attempt call"
			continue
		} else {
			return err
		}
	}
}

// Positive: a goto-free state machine retrying a state.
func stateMachine() error {
	state := 0
	for { // want "retry loop"
		switch state {
		case 0:
			if err := call(); err != nil { // want "attempt call"
				time.Sleep(time.Second)
				continue
			}
			state = 1
		case 1:
			return nil
		}
	}
}

// Positive: select wait between attempts with a ctx exit.
func withSelect(ctx context.Context) error {
	for { // want "retry loop"
		if err := call(); err == nil { // want "attempt call"
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// Positive: break on success inside a nested switch exits via label.
func labelledBreak() {
outer:
	for { // want "retry loop outer"
		err := call() // want "attempt call"
		switch {
		case err == nil:
			break outer
		}
		time.Sleep(time.Second)
	}
}

// Negative: an event loop that returns on error.
func eventLoop() error {
	for {
		n, err := next()
		if err != nil {
			return err
		}
		handle(n)
	}
}

// Negative: a worker that logs and carries on.
func worker() {
	for {
		n, err := next()
		if err != nil {
			log.Print(err)
			continue
		}
		handle(n)
	}
}

// Negative: range over a slice.
func overSlice(items []int) {
	for range items {
		if err := call(); err != nil {
			continue
		}
		return
	}
}

// Negative: range over a channel.
func overChannel(ch chan int) {
	for range ch {
		if err := call(); err == nil {
			return
		}
	}
}

// Negative: a poller that stops on ctx.Done() and never on success.
func poller(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := call(); err != nil {
			log.Print(err)
		}
	}
}

// Negative: try once, the loop body always leaves.
func once() error {
	for {
		err := call()
		if err == nil {
			return nil
		}
		return err
	}
}

// Negative: a state machine that never ends is a worker.
func endlessStates() {
	state := 0
	for {
		switch state {
		case 0:
			if err := call(); err != nil {
				continue
			}
			state = 1
		case 1:
			state = 0
		}
	}
}

// Negative: a loop over items that skips failures.
func skipFailures(n int) {
	for i := 0; i < n; i++ {
		if err := call(); err != nil {
			continue
		}
		handle(i)
	}
}

// Negative: the waiting helper returns on error; nothing retried.
func waitLoop(ctx context.Context) error {
	for {
		if err := sleep(ctx); err != nil {
			return err
		}
		handle(0)
	}
}

// Negative: the closure's own returns do not steer the loop.
func closureInLoop() {
	for {
		f := func() error {
			if err := call(); err != nil {
				return err
			}
			return nil
		}
		_ = f
		handle(0)
	}
}

type reader interface{ Read() (int, error) }

// Negative: moving through batches on failure is iteration, not a retry.
func batches(rs []reader) (int, error) {
	i := 0
	for {
		if i == len(rs) {
			return 0, errors.New("none")
		}
		n, err := rs[i].Read()
		if err == nil {
			return n, nil
		}
		i++
	}
}

// Negative: failing over across endpoints with an index.
func failover(endpoints []func() error) error {
	for i := 0; i < len(endpoints); i++ {
		if err := endpoints[i](); err == nil {
			return nil
		}
	}
	return errors.New("all failed")
}

// Negative: an assertion loop; success is the failure.
func expectFailures(t interface{ Fatal(...any) }) {
	for i := 0; i < 5; i++ {
		if err := call(); err == nil {
			panic("expected an error")
		}
	}
}

// Negative: success returns a made-up error.
func expectErrors() error {
	for i := 0; i < 5; i++ {
		if err := call(); err == nil {
			return errors.New("call succeeded, want failure")
		}
	}
	return nil
}

type conn struct {
	servers []string
	current string
}

func (c *conn) connect() error { return nil }

// Negative: walking a server pool, the current server set before connecting.
func (c *conn) firstConnect() error {
	var err error
	for i := 0; i < len(c.servers); i++ {
		c.current = c.servers[i]
		if err = c.connect(); err == nil {
			break
		}
	}
	return err
}

func listen(port int) error { return nil }

// Negative: probing ports, the next port after each failure.
func probePorts() (int, error) {
	port := 8080
	for attempt := 0; attempt < 100; attempt++ {
		config := map[string]int{"port": port}
		if err := listen(config["port"]); err == nil {
			return port, nil
		}
		port++
	}
	return 0, errors.New("no port")
}
