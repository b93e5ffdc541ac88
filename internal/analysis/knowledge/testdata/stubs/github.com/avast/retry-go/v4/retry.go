// Package retry is a test stub of github.com/avast/retry-go/v4: the exported
// API the analyzers look at, with trivial bodies.
package retry

import (
	"context"
	"time"
)

type RetryIfFunc func(error) bool

type OnRetryFunc func(attempt uint, err error)

type DelayTypeFunc func(n uint, err error, config *Config) time.Duration

type Config struct{}

type Option func(*Config)

func Attempts(attempts uint) Option                    { return nil }
func UntilSucceeded() Option                           { return nil }
func AttemptsForError(attempts uint, err error) Option { return nil }
func Delay(delay time.Duration) Option                 { return nil }
func MaxDelay(maxDelay time.Duration) Option           { return nil }
func MaxJitter(maxJitter time.Duration) Option         { return nil }
func DelayType(delayType DelayTypeFunc) Option         { return nil }
func OnRetry(onRetry OnRetryFunc) Option               { return nil }
func RetryIf(retryIf RetryIfFunc) Option               { return nil }
func Context(ctx context.Context) Option               { return nil }
func LastErrorOnly(lastErrorOnly bool) Option          { return nil }

func BackOffDelay(n uint, _ error, config *Config) time.Duration             { return 0 }
func FixedDelay(_ uint, _ error, config *Config) time.Duration               { return 0 }
func RandomDelay(_ uint, _ error, config *Config) time.Duration              { return 0 }
func FullJitterBackoffDelay(n uint, err error, config *Config) time.Duration { return 0 }
func CombineDelay(delays ...DelayTypeFunc) DelayTypeFunc                     { return nil }

type RetryableFunc func() error

type RetryableFuncWithData[T any] func() (T, error)

func Do(retryableFunc RetryableFunc, opts ...Option) error { return nil }

func DoWithData[T any](retryableFunc RetryableFuncWithData[T], opts ...Option) (T, error) {
	var t T
	return t, nil
}

func Unrecoverable(err error) error { return err }
