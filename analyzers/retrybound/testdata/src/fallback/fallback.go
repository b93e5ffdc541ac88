// Package fallback holds loops that go around only when a decision method
// of the receiver, given the last error, switches the receiver to another
// mode first: a chain of fallbacks (continue a session, create one, go on
// without one), not a repeat of the same attempt. And loops whose judge
// only classifies the error, which an outage answers yes to every time.
package fallback

import (
	"context"
	"errors"
)

type mode int

const (
	resume mode = iota
	create
	plain
)

var errGone = errors.New("session gone")

type session struct {
	mode  mode
	fresh bool // created by this client: a lost one is not created again
}

func (s *session) send(ctx context.Context) error { return errGone }

// next moves to the next mode when the error says the current one cannot
// work; it allows a retry only after switching.
func (s *session) next(err error) bool {
	if !errors.Is(err, errGone) {
		return false
	}
	switch s.mode {
	case resume:
		if s.fresh {
			s.mode = plain
		} else {
			s.mode = create
		}
		return true
	case create:
		s.mode = plain
		return true
	}
	return false
}

// Negative: each go-around follows a switch of mode.
func (s *session) Send(ctx context.Context) error {
	for {
		err := s.send(ctx)
		if err == nil {
			return nil
		}
		if !s.next(err) {
			return err
		}
	}
}

// retryable only classifies the error.
func (s *session) retryable(err error) bool {
	return errors.Is(err, errGone)
}

// Positive: the judge changes nothing, so every failure of an outage is
// retried, without end.
func (s *session) SendAgain(ctx context.Context) error {
	for { // want "retry loop never gives up"
		err := s.send(ctx)
		if err == nil {
			return nil
		}
		if !s.retryable(err) {
			return err
		}
	}
}

// mark records the error and allows a retry; one path says yes without
// switching mode.
func (s *session) mark(err error) bool {
	if errors.Is(err, errGone) {
		s.mode = create
		return true
	}
	return true
}

// Positive: one yes that changes nothing is enough to go around forever.
func (s *session) SendMarked(ctx context.Context) error {
	for { // want "retry loop never gives up"
		err := s.send(ctx)
		if err == nil {
			return nil
		}
		if !s.mark(err) {
			return err
		}
	}
}
