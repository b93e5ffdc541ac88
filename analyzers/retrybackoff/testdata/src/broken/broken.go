package broken

import (
	"time"

	retrygo "github.com/avast/retry-go/v4"
	backoff4 "github.com/cenkalti/backoff/v4"
)

// This file does not type-check: the analyzer must not panic on it.

func undefined() {
	for {
		err := missing()
		if err == nil {
			return
		}
		time.Sleep(unknown << attempt)
	}
}

func wrongArity() {
	backoff4.Retry()
	backoff4.Retry(nothing, backoff4.NewConstantBackOff())
	retrygo.Do(nil, retrygo.DelayType())
	var t *time.Timer
	for i := 0; i < 3; i++ {
		if err := alsoMissing(); err == nil {
			break
		}
		t.Reset()
		<-t.C
	}
}

func partly() error {
	for i := 0; i < 3; i++ { // want `retry loop waits the same time between attempts`
		err := func() error { return nil }()
		if err != nil {
			notDeclared(i)
			time.Sleep(time.Second)
			continue
		}
		return nil
	}
	return nil
}
