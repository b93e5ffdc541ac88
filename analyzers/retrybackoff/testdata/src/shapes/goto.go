package shapes

import "time"

// A retry written with a label and a backward goto, waiting a constant
// interval while the client is still connecting.
func gotoConnect(connecting func() bool, interval time.Duration) error {
retry: // want `retry loop waits the same time between attempts`
	err := send()
	if err != nil {
		time.Sleep(interval)
		if connecting() {
			goto retry
		}
		return err
	}
	return nil
}

// A loop that retries when a check allows it and gives up otherwise, with
// no wait at all.
func retryIfAllowed(retryable func(error) bool) error {
	for { // want `retry loop does not wait between attempts`
		err := send()
		if err != nil {
			if retryable(err) {
				continue
			}
			return err
		}
		return nil
	}
}
