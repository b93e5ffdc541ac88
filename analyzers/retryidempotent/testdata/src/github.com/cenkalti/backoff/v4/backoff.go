// Package backoff is a stub of github.com/cenkalti/backoff/v4 with the
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

type BackOffContext interface {
	BackOff
	Context() context.Context
}

type Operation func() error

type OperationWithData[T any] func() (T, error)

type Notify func(error, time.Duration)

type ExponentialBackOff struct {
	InitialInterval     time.Duration
	RandomizationFactor float64
	Multiplier          float64
	MaxInterval         time.Duration
	MaxElapsedTime      time.Duration
}

func (b *ExponentialBackOff) NextBackOff() time.Duration { return b.InitialInterval }
func (b *ExponentialBackOff) Reset()                     {}

type ExponentialBackOffOpts func(*ExponentialBackOff)

func NewExponentialBackOff(opts ...ExponentialBackOffOpts) *ExponentialBackOff {
	return &ExponentialBackOff{}
}

func WithMaxRetries(b BackOff, max uint64) BackOff              { return b }
func WithContext(b BackOff, ctx context.Context) BackOffContext { return nil }

func Retry(o Operation, b BackOff) error                              { return o() }
func RetryNotify(operation Operation, b BackOff, notify Notify) error { return operation() }
func RetryWithData[T any](o OperationWithData[T], b BackOff) (T, error) {
	return o()
}

type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }

func Permanent(err error) error { return &PermanentError{Err: err} }
