// Package ptrbackoff holds retries whose wait is a helper that sleeps for
// a delay it is handed by pointer and grows that delay for the next call.
package ptrbackoff

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

func dial(ctx context.Context) error { return errors.New("refused") }

// waitDoubling sleeps for *d, then doubles *d up to limit: exponential,
// with no random term.
func waitDoubling(ctx context.Context, d *time.Duration, limit time.Duration) bool {
	cur := *d
	*d = min(*d*2, limit)
	select {
	case <-ctx.Done():
		return false
	case <-time.After(cur):
		return true
	}
}

// Positive: every client doubles in step.
func connect(ctx context.Context) error {
	d := time.Second
	for i := 0; i < 5; i++ { // want "retry loop backs off exponentially without jitter"
		if err := dial(ctx); err == nil {
			return nil
		}
		if !waitDoubling(ctx, &d, 30*time.Second) {
			return ctx.Err()
		}
	}
	return errors.New("gave up")
}

// waitJittered sleeps for a random part of *d, then doubles *d.
func waitJittered(d *time.Duration) {
	time.Sleep(time.Duration(rand.Int64N(int64(*d))))
	*d *= 2
}

// Negative: the same doubling with a random wait.
func connectJittered(ctx context.Context) error {
	d := time.Second
	for i := 0; i < 5; i++ {
		if err := dial(ctx); err == nil {
			return nil
		}
		waitJittered(&d)
	}
	return errors.New("gave up")
}
