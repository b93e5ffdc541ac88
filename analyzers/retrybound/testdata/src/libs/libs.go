package libs

import (
	"context"
	"time"

	retrygo "github.com/avast/retry-go/v4"
	backoff4 "github.com/cenkalti/backoff/v4"
	backoff5 "github.com/cenkalti/backoff/v5"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/sethvargo/go-retry"
)

func call() error { return nil }

func op() error { return call() }

func makeBackoff() backoff4.BackOff { return nil }

// --- cenkalti/backoff v4 ---

func v4ElapsedZero() error {
	b := backoff4.NewExponentialBackOff()
	b.MaxElapsedTime = 0
	return backoff4.Retry(op, b) // want `backoff4.Retry never gives up: an ExponentialBackOff with MaxElapsedTime = 0; wrap the backoff in backoff.WithMaxRetries\(b, 5\) or backoff.WithContext with a deadline`
}

func v4ElapsedZeroOption() error {
	return backoff4.Retry(func() error { // want `backoff4.Retry never gives up: an ExponentialBackOff with MaxElapsedTime = 0`
		return call()
	}, backoff4.NewExponentialBackOff(backoff4.WithMaxElapsedTime(0)))
}

func v4Literal() error {
	b := &backoff4.ExponentialBackOff{InitialInterval: time.Second, RandomizationFactor: 0.5, Multiplier: 2}
	return backoff4.RetryNotify(op, b, nil) // want `backoff4.RetryNotify never gives up: an ExponentialBackOff with MaxElapsedTime = 0`
}

func v4Constant() error {
	return backoff4.Retry(op, backoff4.NewConstantBackOff(time.Second)) // want `backoff4.Retry never gives up: a ConstantBackOff`
}

func v4Zero() (int, error) {
	return backoff4.RetryWithData(func() (int, error) { return 1, call() }, &backoff4.ZeroBackOff{}) // want `backoff4.RetryWithData never gives up: a ZeroBackOff`
}

func v4BackgroundContext() error {
	b := backoff4.WithContext(backoff4.NewConstantBackOff(time.Second), context.Background())
	return backoff4.Retry(op, b) // want `backoff4.Retry never gives up: a ConstantBackOff`
}

func v4TooManyRetries() error {
	return backoff4.Retry(op, backoff4.WithMaxRetries(backoff4.NewExponentialBackOff(), 20)) // want `backoff4.Retry retries up to 20 times \(WithMaxRetries\), more than 5; lower the limit to 5 or fewer and return the last error`
}

func v4Default() error {
	return backoff4.Retry(op, backoff4.NewExponentialBackOff()) // ok: stops after 15 minutes
}

func v4Capped() error {
	return backoff4.Retry(op, backoff4.WithMaxRetries(backoff4.NewConstantBackOff(time.Second), 3)) // ok
}

func v4WithContext(ctx context.Context) error {
	return backoff4.Retry(op, backoff4.WithContext(&backoff4.ZeroBackOff{}, ctx)) // ok: the caller's context ends it
}

func v4Unknown() error {
	return backoff4.Retry(op, makeBackoff()) // ok: built elsewhere
}

func v4Stop() error {
	return backoff4.Retry(op, &backoff4.StopBackOff{}) // ok: never retries
}

// --- cenkalti/backoff v5 ---

func v5NoElapsed(ctx context.Context) (int, error) {
	return backoff5.Retry(ctx, func() (int, error) { return 1, call() }, backoff5.WithMaxElapsedTime(0)) // want `backoff5.Retry never gives up: WithMaxElapsedTime\(0\) without WithMaxTries or a context with a deadline; pass backoff.WithMaxTries\(5\) or a positive backoff.WithMaxElapsedTime`
}

func v5TooManyTries(ctx context.Context) (int, error) {
	return backoff5.Retry(ctx, func() (int, error) { return 1, call() }, backoff5.WithMaxTries(50)) // want `backoff5.Retry retries up to 50 times \(WithMaxTries\), more than 5`
}

func v5Default(ctx context.Context) (int, error) {
	return backoff5.Retry(ctx, func() (int, error) { return 1, call() }) // ok: 15 minutes by default
}

func v5Deadline(ctx context.Context) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return backoff5.Retry(ctx, func() (int, error) { return 1, call() }, backoff5.WithMaxElapsedTime(0)) // ok: the context has a deadline
}

func v5Capped(ctx context.Context) (int, error) {
	return backoff5.Retry(ctx, func() (int, error) { return 1, call() }, backoff5.WithMaxElapsedTime(0), backoff5.WithMaxTries(4)) // ok
}

func v5Options(ctx context.Context, opts []backoff5.RetryOption) (int, error) {
	return backoff5.Retry(ctx, func() (int, error) { return 1, call() }, opts...) // ok: options the analyzer cannot see
}

// --- avast/retry-go v4 ---

func retryGoForever() error {
	return retrygo.Do(op, retrygo.Attempts(0)) // want `retrygo.Do never gives up: Attempts\(0\) without a Context option; pass retry.Attempts\(5\) or a retry.Context with a deadline`
}

func retryGoUntilSucceeded() error {
	return retrygo.Do(func() error { return call() }, retrygo.UntilSucceeded(), retrygo.Context(context.TODO())) // want `retrygo.Do never gives up: UntilSucceeded\(\) without a Context option`
}

func retryGoTooMany() (int, error) {
	return retrygo.DoWithData(func() (int, error) { return 1, call() }, retrygo.Attempts(15)) // want `retrygo.DoWithData retries up to 15 times \(Attempts\), more than 5`
}

func retryGoDefault() error {
	return retrygo.Do(op) // ok: the default of 10 attempts is bounded
}

func retryGoCapped() error {
	return retrygo.Do(op, retrygo.Attempts(3), retrygo.Delay(time.Second)) // ok
}

func retryGoContext(ctx context.Context) error {
	return retrygo.Do(op, retrygo.UntilSucceeded(), retrygo.Context(ctx)) // ok: the caller's context ends it
}

// --- sethvargo/go-retry ---

func sethvargoForever(ctx context.Context) error {
	b := retry.NewExponential(time.Second)
	return retry.Do(ctx, b, func(ctx context.Context) error { // want `retry.Do never gives up: a backoff without WithMaxRetries or WithMaxDuration; wrap the backoff in retry.WithMaxRetries\(5, b\) or retry.WithMaxDuration`
		return retry.RetryableError(call())
	})
}

func sethvargoShortcut(ctx context.Context) error {
	return retry.Constant(ctx, time.Second, func(ctx context.Context) error { return call() }) // want `retry.Constant never gives up`
}

func sethvargoTooMany(ctx context.Context) error {
	b := retry.WithMaxRetries(9, retry.WithJitter(time.Second, retry.NewExponential(time.Second)))
	return retry.Do(ctx, b, func(ctx context.Context) error { return call() }) // want `retry.Do retries up to 9 times \(WithMaxRetries\), more than 5`
}

func sethvargoCapped(ctx context.Context) error {
	b := retry.WithMaxRetries(3, retry.NewFibonacci(time.Second))
	return retry.Do(ctx, b, func(ctx context.Context) error { return call() }) // ok
}

func sethvargoDuration(ctx context.Context) error {
	b := retry.WithMaxDuration(time.Minute, retry.NewConstant(time.Second))
	return retry.Do(ctx, b, func(ctx context.Context) error { return call() }) // ok
}

func sethvargoDeadline(ctx context.Context) error {
	ctx, cancel := context.WithDeadline(ctx, time.Now().Add(time.Minute))
	defer cancel()
	return retry.Exponential(ctx, time.Second, func(ctx context.Context) error { return call() }) // ok: the context has a deadline
}

// --- hashicorp/go-retryablehttp ---

func retryableTooMany() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.RetryMax = 30 // want `retryablehttp client retries up to 30 times \(RetryMax\), more than 5; set RetryMax to 5 or fewer`
	return c
}

func retryableLiteral() *retryablehttp.Client {
	return &retryablehttp.Client{
		RetryMax:     12, // want `retryablehttp client retries up to 12 times \(RetryMax\)`
		RetryWaitMin: time.Second,
	}
}

func retryableDefault() {
	c := retryablehttp.NewClient() // ok: RetryMax defaults to 4
	_, _ = c.Get("http://example.com")
}

func retryableFew() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.RetryMax = 3 // ok
	return c
}
