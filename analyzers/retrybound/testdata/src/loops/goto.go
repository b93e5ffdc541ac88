package loops

import "time"

// A goto retry with a counter that gives up after 3 attempts.
func gotoCounted() error {
	attempts := 0
retry:
	err := call()
	if err != nil {
		attempts++
		if attempts < 3 {
			time.Sleep(time.Second)
			goto retry
		}
		return err
	}
	return nil
}

// A goto retry that goes back whenever the call fails.
func gotoForever() {
retry: // want `retry loop never gives up`
	if err := call(); err != nil {
		time.Sleep(time.Second)
		goto retry
	}
}

// A goto retry that goes back only while the owner's state says it is still
// connecting: Disconnect, elsewhere, ends it.
func gotoWhileConnecting(connecting func() bool) error {
retry:
	err := call()
	if err != nil {
		time.Sleep(time.Second)
		if connecting() {
			goto retry
		}
		return err
	}
	return nil
}

// A loop that goes around whenever a check of the error allows: the error
// decides, and nothing stops a failure that is always retryable.
func retryWhileRetryable(retryable func(error) bool) error {
	for { // want `retry loop never gives up`
		err := call()
		if err != nil {
			time.Sleep(time.Second)
			if retryable(err) {
				continue
			}
			return err
		}
		return nil
	}
}

// The same, with the check inside the block of an option: the give-up path
// is after that block.
func gotoOptionThenConnecting(retry bool, connecting func() bool) error {
again:
	err := call()
	if err != nil {
		if retry {
			time.Sleep(time.Second)
			if connecting() {
				goto again
			}
		}
		return err
	}
	return nil
}
