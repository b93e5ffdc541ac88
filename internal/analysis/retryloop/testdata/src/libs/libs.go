package libs

import (
	"context"
	"net/http"
	"time"

	retrygo "github.com/avast/retry-go/v4"
	backoff4 "github.com/cenkalti/backoff/v4"
	backoff5 "github.com/cenkalti/backoff/v5"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/sethvargo/go-retry"
)

func call() error                  { return nil }
func get() (*http.Response, error) { return http.Get("http://example.com") }
func op() error                    { return call() }

type svc struct{}

func (svc) ping() error { return nil }

func v4() {
	_ = backoff4.Retry(func() error { // want "retry by github.com/cenkalti/backoff/v4: closure"
		return call() // want "attempt call"
	}, backoff4.NewExponentialBackOff())

	_ = backoff4.Retry(op, backoff4.NewExponentialBackOff())                       // want "retry by github.com/cenkalti/backoff/v4: func op"
	_ = backoff4.Retry(svc{}.ping, backoff4.NewExponentialBackOff())               // want "retry by github.com/cenkalti/backoff/v4: func ping"
	_ = backoff4.RetryNotify(backoff4.Operation(op), &backoff4.ZeroBackOff{}, nil) // want "retry by github.com/cenkalti/backoff/v4: func op"

	_, _ = backoff4.RetryWithData(func() (*http.Response, error) { // want "retry by github.com/cenkalti/backoff/v4: closure"
		return get() // want "attempt get"
	}, backoff4.NewExponentialBackOff())

	operation := func() error {
		return call() // want "attempt call"
	}
	_ = backoff4.Retry(operation, backoff4.NewExponentialBackOff()) // want "retry by github.com/cenkalti/backoff/v4: closure"
}

func v5(ctx context.Context) {
	_, _ = backoff5.Retry(ctx, func() (int, error) { // want "retry by github.com/cenkalti/backoff/v5: closure"
		return 1, call() // want "attempt call"
	}, backoff5.WithMaxTries(3))
}

func retryGo() {
	_ = retrygo.Do(func() error { // want "retry by github.com/avast/retry-go/v4: closure"
		return call() // want "attempt call"
	}, retrygo.Attempts(3))
	_, _ = retrygo.DoWithData(get, retrygo.Attempts(3)) // want "retry by github.com/avast/retry-go/v4: func get"
}

func sethvargo(ctx context.Context) {
	b := retry.WithMaxRetries(3, retry.NewExponential(time.Second))
	_ = retry.Do(ctx, b, func(ctx context.Context) error { // want "retry by github.com/sethvargo/go-retry: closure"
		if err := call(); err != nil { // want "attempt call"
			return retry.RetryableError(err)
		}
		return nil
	})
	_ = retry.Constant(ctx, time.Second, func(ctx context.Context) error { return nil }) // want "retry by github.com/sethvargo/go-retry: closure"
}

func retryable() {
	c := retryablehttp.NewClient()
	c.RetryMax = 3
	_, _ = c.Get("http://example.com")             // want "retry by github.com/hashicorp/go-retryablehttp: no closure"
	_, _ = retryablehttp.Get("http://example.com") // want "retry by github.com/hashicorp/go-retryablehttp: no closure"
	_ = c.StandardClient()
}

// Negative: library helpers that do not start retrying.
func notRetries() {
	_ = backoff4.WithMaxRetries(backoff4.NewExponentialBackOff(), 3)
	_ = retrygo.Attempts(3)
	_ = retry.NewConstant(time.Second)
}
