package polling

import (
	"context"
	"testing"
	"time"

	"github.com/sethvargo/go-retry"
)

// Negative: a test polling its fixture at a constant pace.
func TestPoll(t *testing.T) {
	s := server{}
	for i := 0; i < 5; i++ {
		if err := s.Ready(context.Background()); err == nil {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("not ready")
}

// Negative: a helper in a _test.go file, without the test, that does not
// wait at all.
func createTopic(s server) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = s.Ready(context.Background()); err == nil {
			return nil
		}
	}
	return err
}

// Negative: a library's own test of its constant backoff.
func TestConstant(t *testing.T) {
	s := server{}
	b := retry.WithMaxRetries(3, retry.NewConstant(time.Millisecond))
	if err := retry.Do(context.Background(), b, func(ctx context.Context) error {
		return retry.RetryableError(s.Ready(ctx))
	}); err != nil {
		t.Fatal(err)
	}
}

// Positive: an example is documentation people copy, not a test.
func ExampleRetry() {
	s := server{}
	for i := 0; i < 3; i++ { // want `retry loop does not wait between attempts`
		if err := s.Ready(context.Background()); err == nil {
			return
		}
	}
}
