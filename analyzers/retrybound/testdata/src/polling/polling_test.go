package polling

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sethvargo/go-retry"
)

// Negative: a test polling its fixture a thousand times.
func TestPoll(t *testing.T) {
	s := server{}
	for i := 0; i < 1000; i++ {
		if err := s.Ready(context.Background()); err == nil {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("not ready")
}

// Negative: a helper in a _test.go file, without the test.
func createTopic(s server) error {
	for i := 0; i < 20; i++ {
		if err := s.Ready(context.Background()); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil
}

// Negative: a library's own test drives the outcome; the closure calls
// nothing fallible.
func TestConstant(t *testing.T) {
	calls := 0
	err := retry.Constant(context.Background(), time.Millisecond, func(_ context.Context) error {
		calls++
		if calls < 3 {
			return retry.RetryableError(errors.New("retry"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Positive: a test retrying a real call with no bound hangs.
func TestForever(t *testing.T) {
	s := server{}
	err := retry.Constant(context.Background(), time.Millisecond, func(ctx context.Context) error { // want `retry.Constant never gives up`
		return retry.RetryableError(s.Ready(ctx))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Positive: an example is documentation people copy, not a test.
func ExampleRetry() {
	s := server{}
	for i := 0; i < 1000; i++ { // want `retry loop makes up to 1000 attempts, more than 5`
		if err := s.Ready(context.Background()); err == nil {
			return
		}
	}
}

// Positive: a closure given t inside a test is test code too, and never
// giving up still hangs it.
func TestSubtest(t *testing.T) {
	s := server{}
	t.Run("sub", func(t *testing.T) {
		for { // want `retry loop never gives up`
			if err := s.Ready(context.Background()); err == nil {
				return
			}
			time.Sleep(time.Millisecond)
		}
	})
}
