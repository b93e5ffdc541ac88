package maxattempts

import (
	retrygo "github.com/avast/retry-go/v4"
	"github.com/hashicorp/go-retryablehttp"
)

func call() error { return nil }

func ten() error {
	var err error
	for i := 0; i < 10; i++ { // ok: -max-attempts=10
		if err = call(); err == nil {
			return nil
		}
	}
	return err
}

func eleven() error {
	var err error
	for i := 0; i < 11; i++ { // want `retry loop makes up to 11 attempts, more than 10`
		if err = call(); err == nil {
			return nil
		}
	}
	return err
}

func six() error {
	return retrygo.Do(call, retrygo.Attempts(6)) // ok: -max-attempts=10
}

func client() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.RetryMax = 8 // ok: -max-attempts=10
	return c
}
