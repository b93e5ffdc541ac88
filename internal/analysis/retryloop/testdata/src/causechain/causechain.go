// Package causechain holds loops that walk down an error's chain of
// causes: each time around, the error is replaced by the one it wraps,
// through an Unwrap or Cause method. That is iteration over a finite chain,
// not an attempt repeated, so none of them is a retry; and loops that look
// alike but call something that can fail again.
package causechain

import (
	"errors"
	"time"
)

type coded interface {
	error
	Code() int
}

type causer interface {
	Cause() error
}

// Negative: the cause chain walked through a Cause method of an interface
// value taken from the error.
func codeOf(err error) int {
	code := 500
	for err != nil {
		var c coded
		if errors.As(err, &c) {
			code = c.Code()
			break
		}
		var next causer
		if !errors.As(err, &next) {
			break
		}
		err = next.Cause()
	}
	return code
}

type wrapper interface {
	Unwrap() error
}

// Negative: the same chain walked with a type assertion and Unwrap.
func innermost(err error) error {
	for err != nil {
		w, ok := err.(wrapper)
		if !ok {
			return err
		}
		err = w.Unwrap()
	}
	return nil
}

type wrapped struct{ inner error }

func (w *wrapped) Error() string { return "wrapped" }
func (w *wrapped) Cause() error  { return w.inner }

// Negative: a concrete type's Cause method, no arguments, one error result.
func rootOf(w *wrapped) error {
	err := w.Cause()
	for err != nil {
		next, ok := err.(*wrapped)
		if !ok {
			break
		}
		err = next.Cause()
	}
	return err
}

type job struct{}

// Cause here takes an argument: it is not an accessor of a wrapped error
// but an operation that can fail again.
func (job) Cause(reason string) error { return nil }

// Positive: a loop around a method named Cause that takes input and is
// repeated after a wait is an attempt.
func trigger(j job) {
	for { // want "retry loop"
		err := j.Cause("deploy") // want "attempt j.Cause"
		if err == nil {
			return
		}
		time.Sleep(time.Second)
	}
}

type conn struct{}

func (conn) Unwrap() (int, error) { return 0, nil }

// Positive: an Unwrap with results other than a single error is not the
// wrapped-error accessor.
func open(c conn) int {
	for { // want "retry loop"
		n, err := c.Unwrap() // want "attempt c.Unwrap"
		if err == nil {
			return n
		}
		time.Sleep(time.Second)
	}
}
