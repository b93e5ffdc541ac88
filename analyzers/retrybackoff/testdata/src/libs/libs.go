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

func op5() (int, error) { return 1, call() }

// --- cenkalti/backoff v4 ---

func v4Constant() error {
	b := backoff4.NewConstantBackOff(time.Second) // want `backoff4.Retry waits the same time between attempts \(a constant backoff\); use wait = base × 2\^attempt \+ random jitter`
	return backoff4.Retry(op, backoff4.WithMaxRetries(b, 3))
}

func v4Zero() error {
	return backoff4.Retry(op, backoff4.WithMaxRetries(&backoff4.ZeroBackOff{}, 3)) // want `backoff4.Retry retries with no wait between attempts \(backoff.ZeroBackOff\)`
}

func v4NoJitter() error {
	b := backoff4.NewExponentialBackOff()
	b.RandomizationFactor = 0 // want `backoff4.Retry backs off exponentially without jitter \(backoff.ExponentialBackOff with RandomizationFactor = 0\), so clients retry in step`
	return backoff4.Retry(op, b)
}

func v4NoJitterOption() error {
	return backoff4.RetryNotify(op, backoff4.NewExponentialBackOff(backoff4.WithRandomizationFactor(0)), nil) // want `backoff4.RetryNotify backs off exponentially without jitter`
}

func v4LiteralNoJitter() error {
	b := &backoff4.ExponentialBackOff{InitialInterval: time.Second, Multiplier: 2, MaxElapsedTime: time.Minute} // want `backoff4.Retry backs off exponentially without jitter`
	return backoff4.Retry(op, b)
}

func v4Default() error {
	return backoff4.Retry(op, backoff4.NewExponentialBackOff()) // ok: RandomizationFactor 0.5
}

func v4Jitter() error {
	b := backoff4.NewExponentialBackOff()
	b.RandomizationFactor = 0.3 // ok
	return backoff4.Retry(op, b)
}

// --- cenkalti/backoff v5 ---

func v5Constant(ctx context.Context) (int, error) {
	return backoff5.Retry(ctx, op5, backoff5.WithBackOff(backoff5.NewConstantBackOff(time.Second))) // want `backoff5.Retry waits the same time between attempts \(a constant backoff\)`
}

func v5NoJitter(ctx context.Context) (int, error) {
	b := backoff5.NewExponentialBackOff()
	b.RandomizationFactor = 0 // want `backoff5.Retry backs off exponentially without jitter`
	return backoff5.Retry(ctx, op5, backoff5.WithBackOff(b), backoff5.WithMaxTries(3))
}

func v5Zero(ctx context.Context) (int, error) {
	return backoff5.Retry(ctx, op5, backoff5.WithBackOff(&backoff5.ZeroBackOff{})) // want `backoff5.Retry retries with no wait between attempts`
}

func v5Default(ctx context.Context) (int, error) {
	return backoff5.Retry(ctx, op5) // ok: jittered exponential by default
}

func v5Literal(ctx context.Context) (int, error) {
	b := &backoff5.ExponentialBackOff{InitialInterval: time.Second, RandomizationFactor: 0.5, Multiplier: 2}
	return backoff5.Retry(ctx, op5, backoff5.WithBackOff(b)) // ok
}

// --- avast/retry-go v4 ---

func retryGoFixed() error {
	return retrygo.Do(op, retrygo.Attempts(3), retrygo.DelayType(retrygo.FixedDelay)) // want `retrygo.Do waits the same time between attempts \(DelayType\(retry.FixedDelay\)\)`
}

func retryGoBackOffOnly() error {
	return retrygo.Do(func() error { return call() }, retrygo.DelayType(retrygo.BackOffDelay)) // want `retrygo.Do backs off exponentially without jitter \(DelayType\(retry.BackOffDelay\) without retry.RandomDelay\)`
}

func retryGoNoDelay() error {
	return retrygo.Do(op, retrygo.Delay(0), retrygo.DelayType(retrygo.FixedDelay)) // want `retrygo.Do retries with no wait between attempts`
}

func retryGoDefault() error {
	return retrygo.Do(op, retrygo.Attempts(3)) // ok: CombineDelay(BackOffDelay, RandomDelay)
}

func retryGoCombined() error {
	return retrygo.Do(op, retrygo.DelayType(retrygo.CombineDelay(retrygo.BackOffDelay, retrygo.RandomDelay))) // ok
}

// --- sethvargo/go-retry ---

func sethvargoConstant(ctx context.Context) error {
	b := retry.WithMaxRetries(3, retry.NewConstant(time.Second)) // want `retry.Do waits the same time between attempts \(retry.NewConstant\)`
	return retry.Do(ctx, b, func(ctx context.Context) error { return call() })
}

func sethvargoExponential(ctx context.Context) error {
	b := retry.WithMaxRetries(3, retry.NewExponential(time.Second)) // want `retry.Do backs off exponentially without jitter \(retry.NewExponential\)`
	return retry.Do(ctx, b, func(ctx context.Context) error { return call() })
}

func sethvargoFibonacci(ctx context.Context) error {
	return retry.Fibonacci(ctx, time.Second, func(ctx context.Context) error { return call() }) // want `retry.Fibonacci wait grows without jitter \(retry.Fibonacci\)`
}

func sethvargoJitter(ctx context.Context) error {
	b := retry.WithMaxRetries(3, retry.WithJitterPercent(20, retry.NewExponential(time.Second)))
	return retry.Do(ctx, b, func(ctx context.Context) error { return call() }) // ok
}

func sethvargoJitterConstant(ctx context.Context) error {
	b := retry.WithJitter(500*time.Millisecond, retry.NewConstant(time.Second))
	return retry.Do(ctx, retry.WithMaxRetries(3, b), func(ctx context.Context) error { return call() }) // ok: jittered
}

// --- hashicorp/go-retryablehttp ---

func retryableDefaultBackoff() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.Backoff = retryablehttp.DefaultBackoff // want `retryablehttp client backs off exponentially without jitter \(DefaultBackoff\)`
	return c
}

func retryableLiteral() *retryablehttp.Client {
	return &retryablehttp.Client{
		RetryMax: 3,
		Backoff:  retryablehttp.DefaultBackoff, // want `retryablehttp client backs off exponentially without jitter`
	}
}

func retryableJitter() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.Backoff = retryablehttp.LinearJitterBackoff // ok
	return c
}

func retryableDefaults() {
	c := retryablehttp.NewClient() // ok: left at its defaults
	_, _ = c.Get("http://example.com")
}

func sethvargoFullJitter(ctx context.Context) error {
	b := retry.WithMaxRetries(3, retry.WithFullJitter(retry.NewExponential(time.Second)))
	return retry.Do(ctx, b, func(ctx context.Context) error { return call() }) // ok: go-retry v0.5 full jitter
}

func retryGoFullJitter() error {
	return retrygo.Do(op, retrygo.DelayType(retrygo.FullJitterBackoffDelay)) // ok: retry-go v4.7 full jitter
}
