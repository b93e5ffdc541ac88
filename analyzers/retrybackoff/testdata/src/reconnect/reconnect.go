// Package reconnect checks loops meant to run until they are stopped that
// retry a failing call after a wait: a stream re-opened after it breaks, a
// long poll sent again after an error. After an outage every client comes
// back at the pace of that wait, so a constant one keeps them in step.
package reconnect

import (
	"context"
	"errors"
	"log"
	"math/rand/v2"
	"time"
)

type feed struct{}

func (feed) Subscribe(ctx context.Context) error        { return nil }
func (feed) Poll(ctx context.Context) ([]string, error) { return nil, nil }
func (feed) Next() (string, error)                      { return "", nil }

var errGone = errors.New("gone")

// Positive: the stream is re-opened a fixed second after each failure.
func follow(ctx context.Context, f feed) {
	for { // want `loop retries a failing call after the same wait every time`
		if ctx.Err() != nil {
			return
		}
		if err := f.Subscribe(ctx); err != nil {
			log.Printf("stream broke: %v", err)
			time.Sleep(time.Second)
			continue
		}
	}
}

// Positive: a long poll sent again after an error, waiting in a select on
// a constant timer; on success the updates are handed on and it polls
// again at once.
func longPoll(ctx context.Context, f feed, out chan<- string) {
	for { // want `loop retries a failing call after the same wait every time`
		updates, err := f.Poll(ctx)
		if err != nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(3 * time.Second):
			}
			continue
		}
		for _, u := range updates {
			out <- u
		}
	}
}

// Negative: the wait after a failure doubles and is jittered.
func followJittered(ctx context.Context, f feed) {
	delay := 100 * time.Millisecond
	for {
		if ctx.Err() != nil {
			return
		}
		if err := f.Subscribe(ctx); err != nil {
			time.Sleep(delay + rand.N(delay))
			delay = min(delay*2, time.Minute)
			continue
		}
		delay = 100 * time.Millisecond
	}
}

// Negative: a poller waits on every path, success included: its pace is a
// schedule, not a retry.
func poll(ctx context.Context, f feed) {
	for {
		if _, err := f.Poll(ctx); err != nil {
			log.Print(err)
		}
		time.Sleep(time.Minute)
	}
}

// Negative: a worker that logs a failure and carries on, with no wait.
func drain(ctx context.Context, f feed) {
	for {
		if _, err := f.Poll(ctx); err != nil {
			log.Print(err)
			continue
		}
	}
}

// Negative: a wait on both branches of the check is the poller's pace.
func pollBoth(ctx context.Context, f feed) {
	for {
		if err := f.Subscribe(ctx); err != nil {
			time.Sleep(time.Second)
		} else {
			time.Sleep(time.Second)
		}
	}
}
