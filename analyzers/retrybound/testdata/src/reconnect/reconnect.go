// Package reconnect checks that a loop meant to run until it is stopped,
// re-opening a stream a while after each failure, is not taken for a retry
// that never gives up: it has no attempts to count (retrybackoff judges its
// pace).
package reconnect

import (
	"context"
	"time"
)

func subscribe(ctx context.Context) error { return nil }

// Negative: runs until the process stops it; each failure waits a second.
func follow(ctx context.Context) {
	for {
		if err := subscribe(ctx); err != nil {
			time.Sleep(time.Second)
			continue
		}
	}
}

// Positive: leaves on success, so a failing dependency is retried forever.
func connect(ctx context.Context) {
	for { // want `retry loop never gives up`
		if err := subscribe(ctx); err != nil {
			time.Sleep(time.Second)
			continue
		}
		return
	}
}
