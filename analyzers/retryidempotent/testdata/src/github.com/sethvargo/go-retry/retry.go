// Package retry is a stub of github.com/sethvargo/go-retry with the
// signatures of the real module.
package retry

import (
	"context"
	"time"
)

type Backoff interface {
	Next() (next time.Duration, stop bool)
}

type BackoffFunc func() (time.Duration, bool)

func (b BackoffFunc) Next() (time.Duration, bool) { return b() }

type RetryFunc func(ctx context.Context) error

type RetryFuncValue[T any] func(ctx context.Context) (T, error)

func NewExponential(base time.Duration) Backoff                   { return nil }
func NewConstant(t time.Duration) Backoff                         { return nil }
func WithMaxRetries(max uint64, next Backoff) Backoff             { return next }
func WithMaxDuration(timeout time.Duration, next Backoff) Backoff { return next }

func Do(ctx context.Context, b Backoff, f RetryFunc) error { return f(ctx) }

func DoValue[T any](ctx context.Context, b Backoff, f RetryFuncValue[T]) (T, error) {
	return f(ctx)
}

func RetryableError(err error) error { return err }
