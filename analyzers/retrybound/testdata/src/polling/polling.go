// Package polling checks how retries in test code are judged: a test
// polling its own fixture many times loads nothing shared, but a test that
// never gives up hangs.
package polling

import (
	"context"
	"errors"
	"testing"
	"time"
)

type server struct{}

func (server) Ready(ctx context.Context) error { return nil }

// Positive: production code polling 100 times.
func waitReady(ctx context.Context, s server) error {
	for i := 0; i < 100; i++ { // want `retry loop makes up to 100 attempts, more than 5`
		if err := s.Ready(ctx); err == nil {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return errors.New("not ready")
}

// Negative: a test helper outside a _test.go file, given the test.
func AwaitReady(t testing.TB, s server) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if err := s.Ready(context.Background()); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("server not ready")
}

// Positive: a test helper that never gives up hangs the test.
func AwaitForever(t *testing.T, s server) {
	for { // want `retry loop never gives up`
		if err := s.Ready(context.Background()); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}
