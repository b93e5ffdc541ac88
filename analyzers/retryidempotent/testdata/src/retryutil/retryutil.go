package retryutil // want package:"has idempotency facts"

// retryutil is a retry helper package that neither sends nor writes
// anything itself.

import "time"

// Do calls op until it succeeds, at most n times.
func Do(n int, op func() error) error { // want Do:`retries its function parameters \[1\]`
	var err error
	for i := 0; i < n; i++ {
		if err = op(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(i) * time.Second)
	}
	return err
}
