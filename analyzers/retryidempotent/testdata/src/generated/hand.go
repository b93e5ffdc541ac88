package generated // want package:"has idempotency facts"

import backoff4 "github.com/cenkalti/backoff/v4"

// The same retry written by hand is reported, with what the generated
// function does.

func retry() error {
	return backoff4.Retry(genCharge, backoff4.WithMaxRetries(backoff4.NewExponentialBackOff(), 3)) // want `function genCharge retried by backoff.Retry sends a POST request`
}
