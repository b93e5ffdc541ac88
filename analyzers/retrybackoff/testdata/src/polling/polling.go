// Package polling checks that retries in test code are left alone: a test
// is the only client of the fixture it polls, so there is no herd for
// backoff and jitter to break up.
package polling

import (
	"context"
	"testing"
	"time"
)

type server struct{}

func (server) Ready(ctx context.Context) error { return nil }

// Positive: production code polling at a constant pace.
func waitReady(ctx context.Context, s server) error {
	var err error
	for i := 0; i < 5; i++ { // want `retry loop waits the same time between attempts`
		if err = s.Ready(ctx); err == nil {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return err
}

// Negative: a test helper outside a _test.go file, given the test.
func AwaitReady(t testing.TB, s server) {
	t.Helper()
	for i := 0; i < 5; i++ {
		if err := s.Ready(context.Background()); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("server not ready")
}
