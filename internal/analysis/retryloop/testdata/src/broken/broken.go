package broken

import (
	"time"

	retrygo "github.com/avast/retry-go/v4"
	backoff4 "github.com/cenkalti/backoff/v4"
)

// This file does not type-check: the recogniser must not panic on it.

func undefined() {
	for {
		err := missing()
		if err == nil {
			return
		}
		time.Sleep(unknown)
	}
	for x := range undefinedThing {
		_ = x
	}
}

func wrongArity() {
	backoff4.Retry()
	retrygo.Do()
	op := notDeclared
	_ = backoff4.Retry(op, nil) // want "retry by github.com/cenkalti/backoff/v4: no closure"
	var f func() error = func() error { return nil }
	_ = retrygo.Do(f) // want "retry by github.com/avast/retry-go/v4: closure"
}

func partly() error {
	for { // want "retry loop"
		err := func() error { return nil }() // want `attempt \(func\(\) error literal\)`
		if err != nil {
			time.Sleep(time.Second * notDeclared)
			continue
		}
		return nil
	}
}
