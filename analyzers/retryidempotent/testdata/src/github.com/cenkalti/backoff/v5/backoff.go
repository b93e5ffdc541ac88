// Package backoff is a stub of github.com/cenkalti/backoff/v5 with the
// signatures of the real module.
package backoff

import (
	"context"
	"time"
)

type BackOff interface {
	NextBackOff() time.Duration
	Reset()
}

type Operation[T any] func() (T, error)

type ExponentialBackOff struct {
	InitialInterval     time.Duration
	RandomizationFactor float64
	Multiplier          float64
	MaxInterval         time.Duration
}

func (b *ExponentialBackOff) NextBackOff() time.Duration { return b.InitialInterval }
func (b *ExponentialBackOff) Reset()                     {}

func NewExponentialBackOff() *ExponentialBackOff { return &ExponentialBackOff{} }

type RetryOption func(*retryOptions)

type retryOptions struct{}

func WithBackOff(b BackOff) RetryOption                   { return nil }
func WithMaxTries(numTries uint) RetryOption              { return nil }
func WithMaxElapsedTime(d time.Duration) RetryOption      { return nil }
func WithNotify(n func(error, time.Duration)) RetryOption { return nil }

func Retry[T any](ctx context.Context, operation Operation[T], opts ...RetryOption) (T, error) {
	return operation()
}

type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }

func Permanent(err error) error { return &PermanentError{Err: err} }
