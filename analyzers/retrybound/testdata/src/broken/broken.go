package broken

import (
	"time"

	backoff4 "github.com/cenkalti/backoff/v4"
)

// This file does not type-check: the analyzer must not panic on it.

func undefined() {
	for {
		err := missing()
		if err == nil {
			return
		}
		time.Sleep(unknown)
	}
}

func wrongArity() {
	backoff4.Retry()
	backoff4.Retry(nothing, backoff4.NewConstantBackOff())
	for i := 0; i < undefinedLimit; i++ {
		if err := alsoMissing(); err == nil {
			break
		}
	}
}

func partly() error {
	for { // want `retry loop never gives up`
		err := backoff4.Permanent(nil)
		err = func() error { return nil }()
		if err != nil {
			time.Sleep(time.Second * notDeclared)
			continue
		}
		return nil
	}
}
