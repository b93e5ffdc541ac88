// Package supportcall checks retries whose every attempt drives a test
// fixture through a test-support package (issue 10, class 4), as an
// example run by go test does.
package supportcall

import (
	"context"
	"time"

	"clustertest"
)

func send(ctx context.Context) error { return nil }

// Not reported: only the test cluster is driven.
func switchRoles(ctx context.Context) {
	for {
		if err := clustertest.SetReadOnly(ctx, []bool{true, false}); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Reported: an attempt outside the fixture.
func sendLoop(ctx context.Context) {
	for { // want `retry loop waits the same time between attempts`
		if err := send(ctx); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
