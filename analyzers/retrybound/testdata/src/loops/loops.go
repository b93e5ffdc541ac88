package loops

import (
	"context"
	"errors"
	"log"
	"time"
)

func call() error                                         { return nil }
func fetch() (string, error)                              { return "", nil }
func next() (int, error)                                  { return 0, nil }
func handle(int)                                          {}
func retryable(err error) bool                            { return true }
func sleepCtx(ctx context.Context, d time.Duration) error { return ctx.Err() }

const maxRetries = 10

// --- positives ---

func forever() string {
	for { // want `retry loop never gives up: it has no attempt cap, no ctx.Done\(\) exit and no deadline; cap it at 5 attempts and return the last error`
		s, err := fetch()
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		return s
	}
}

func condOnError() {
	err := call()
	for err != nil { // want `retry loop never gives up`
		time.Sleep(time.Second)
		err = call()
	}
}

func onlyRetryableCheck() error {
	for { // want `retry loop never gives up`
		err := call()
		if err == nil {
			return nil
		}
		if !retryable(err) {
			return err
		}
		time.Sleep(time.Second)
	}
}

func tooMany() error {
	var err error
	for i := 0; i < 10; i++ { // want `retry loop makes up to 10 attempts, more than 5; cap it at 5 and return the last error`
		if err = call(); err == nil {
			return nil
		}
	}
	return err
}

func tooManyNamedConst() error {
	var err error
	for attempt := 1; attempt <= maxRetries; attempt++ { // want `retry loop makes up to 10 attempts, more than 5`
		if err = call(); err == nil {
			return nil
		}
	}
	return err
}

func tooManyRange() error {
	for range 8 { // want `retry loop makes up to 8 attempts, more than 5`
		if err := call(); err == nil {
			return nil
		}
	}
	return errors.New("gave up")
}

func tooManyInBody() error {
	attempt := 0
	for { // want `retry loop makes up to 20 attempts, more than 5`
		err := call()
		if err == nil {
			return nil
		}
		attempt++
		if attempt >= 20 {
			return err
		}
	}
}

func labelledForever(items []int) {
retry:
	for { // want `retry loop never gives up`
		for range items {
			if err := call(); err != nil {
				time.Sleep(time.Second)
				continue retry
			}
		}
		return
	}
}

func stateMachineForever() error {
	state := 0
	for { // want `retry loop never gives up`
		switch state {
		case 0:
			if err := call(); err != nil {
				continue
			}
			state = 1
		case 1:
			return nil
		}
	}
}

func ctxIgnored(ctx context.Context) {
	for { // want `retry loop never gives up`
		if err := call(); err == nil {
			return
		}
		log.Print("retrying")
		time.Sleep(time.Second)
	}
}

func varLimit() error {
	limit := 12
	var err error
	for i := 0; i < limit; i++ { // want `retry loop makes up to 12 attempts, more than 5`
		if err = call(); err == nil {
			break
		}
	}
	return err
}

// --- negatives ---

func capped() error {
	var err error
	for i := 0; i < 3; i++ { // ok: 3 attempts
		if err = call(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

func cappedRange() error {
	for range 5 { // ok: exactly the limit
		if err := call(); err == nil {
			return nil
		}
	}
	return errors.New("gave up")
}

func cappedByParam(n int) error {
	for i := range n { // ok: a cap the analyzer cannot count
		_ = i
		if err := call(); err == nil {
			return nil
		}
	}
	return errors.New("gave up")
}

func ctxDone(ctx context.Context) error {
	for { // ok: stops when ctx is done
		if err := call(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

func ctxErr(ctx context.Context) error {
	for ctx.Err() == nil { // ok: the condition checks the context
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return ctx.Err()
}

func ctxAwareSleep(ctx context.Context) error {
	for { // ok: the wait returns when ctx is done
		err := call()
		if err == nil {
			return nil
		}
		if err := sleepCtx(ctx, time.Second); err != nil {
			return err
		}
	}
}

func deadline() error {
	start := time.Now()
	for { // ok: gives up after a minute
		err := call()
		if err == nil {
			return nil
		}
		if time.Since(start) > time.Minute {
			return err
		}
		time.Sleep(time.Second)
	}
}

func deadlineInCond() error {
	deadline := time.Now().Add(time.Minute)
	var err error
	for time.Now().Before(deadline) { // ok: the condition is a deadline
		if err = call(); err == nil {
			return nil
		}
	}
	return err
}

func timer() error {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for { // ok: a timer ends it
		if err := call(); err == nil {
			return nil
		}
		select {
		case <-t.C:
			return errors.New("timed out")
		case <-time.After(time.Second):
		}
	}
}

func stopChannel(stop <-chan struct{}) {
	for { // ok: a stop channel ends it
		if err := call(); err == nil {
			return
		}
		select {
		case <-stop:
			return
		case <-time.After(time.Second):
		}
	}
}

func cancelled(ctx context.Context) error {
	for { // ok: gives up when the attempt reports cancellation
		err := call()
		if err == nil {
			return nil
		}
		if errors.Is(err, context.Canceled) {
			return err
		}
	}
}

func cappedInBody() error {
	for attempt := 0; ; attempt++ { // ok: 3 attempts
		err := call()
		if err == nil {
			return nil
		}
		if attempt == 3 {
			return err
		}
	}
}

func countdown() error {
	retries := 100
	for retries > 0 { // ok: a count-down the analyzer does not evaluate
		if err := call(); err == nil {
			return nil
		}
		retries--
	}
	return errors.New("gave up")
}

func eventLoop() error {
	for { // ok: not a retry
		n, err := next()
		if err != nil {
			return err
		}
		handle(n)
	}
}

func worker() {
	for { // ok: not a retry
		n, err := next()
		if err != nil {
			continue
		}
		handle(n)
	}
}

type pool struct{ closedFlag bool }

func (p *pool) closed() bool { return p.closedFlag }

func (p *pool) dial() error { return nil }

func (p *pool) redial() {
	for { // ok: stops when the pool closes
		if p.closed() {
			return
		}
		if err := p.dial(); err != nil {
			time.Sleep(time.Second)
			continue
		}
		return
	}
}

type stream struct{}

func (s *stream) shouldRetry(err error) error { return err }
func (s *stream) replay() error               { return nil }

func (s *stream) retryLocked(lastErr error) error {
	for { // ok: the retry policy decides when to stop
		if err := s.shouldRetry(lastErr); err != nil {
			return err
		}
		if lastErr = s.replay(); lastErr == nil {
			return nil
		}
	}
}

func readAll() ([]byte, error) { return nil, nil }

func readAfterSuccess() ([]byte, error) {
	for { // want `retry loop never gives up`
		if err := call(); err != nil {
			time.Sleep(time.Second)
			continue
		}
		body, err := readAll()
		if err != nil {
			return nil, err
		}
		return body, nil
	}
}

type listener struct {
	closed interface{ Done() <-chan struct{} }
}

func (l *listener) accept() (int, error) { return 0, nil }

func (l *listener) Accept() (int, error) {
	for { // ok: once closed, the next accept fails for good
		c, err := l.accept()
		if err != nil {
			select {
			case <-time.After(time.Second):
			case <-l.closed.Done():
				continue
			}
			continue
		}
		return c, nil
	}
}
