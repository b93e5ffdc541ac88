// Package retry is a stub of github.com/avast/retry-go/v4 with the
// signatures of the real module.
package retry

import (
	"context"
	"time"
)

type RetryableFunc func() error

type RetryableFuncWithData[T any] func() (T, error)

type Config struct{}

type Option func(*Config)

func Attempts(attempts uint) Option      { return nil }
func Delay(delay time.Duration) Option   { return nil }
func Context(ctx context.Context) Option { return nil }
func UntilSucceeded() Option             { return nil }

func Do(retryableFunc RetryableFunc, opts ...Option) error { return retryableFunc() }

func DoWithData[T any](retryableFunc RetryableFuncWithData[T], opts ...Option) (T, error) {
	return retryableFunc()
}

func Unrecoverable(err error) error { return err }
