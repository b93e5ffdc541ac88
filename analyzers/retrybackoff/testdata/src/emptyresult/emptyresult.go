// Package emptyresult checks retries that go around while an attempt's
// answer is empty (no members yet, no leader elected): an empty answer
// where one is needed is a failed attempt, and every client that got one
// re-reads in step unless the wait backs off with jitter.
package emptyresult

import (
	"context"
	"math/rand/v2"
	"time"
)

type view struct {
	Members []string
	Done    bool
}

type directory struct {
	// pause is time.Sleep, kept in a field so that tests can replace it.
	pause func(time.Duration)
}

func newDirectory() *directory { return &directory{pause: time.Sleep} }

func (d *directory) fetch(ctx context.Context) (*view, error)              { return nil, nil }
func (d *directory) page(ctx context.Context, after string) (*view, error) { return nil, nil }
func (d *directory) drop()                                                 {}

// Positive: while the answer lists no members, re-read at a constant
// pace, through the sleep held in a field.
func (d *directory) members(ctx context.Context) ([]string, error) {
	v, err := d.fetch(ctx)
	if err != nil {
		return nil, err
	}
	left := 100
	for len(v.Members) == 0 { // want `retry loop waits the same time between attempts`
		left--
		if left == 0 {
			break
		}
		d.drop()
		d.pause(100 * time.Millisecond)
		v, err = d.fetch(ctx)
		if err != nil {
			return nil, err
		}
	}
	return v.Members, nil
}

// Positive: re-read at once while the answer is empty.
func (d *directory) membersNow(ctx context.Context) ([]string, error) {
	var v *view
	var err error
	for v == nil || len(v.Members) == 0 { // want `retry loop does not wait between attempts`
		if v, err = d.fetch(ctx); err != nil {
			return nil, err
		}
	}
	return v.Members, nil
}

// Negative: the re-read backs off exponentially with jitter.
func (d *directory) membersBackoff(ctx context.Context) ([]string, error) {
	v := &view{}
	var err error
	wait := 50 * time.Millisecond
	for len(v.Members) == 0 {
		time.Sleep(wait + rand.N(wait))
		wait *= 2
		if v, err = d.fetch(ctx); err != nil {
			return nil, err
		}
	}
	return v.Members, nil
}

// Negative: a poll of a job's progress keeps a schedule; it is not an
// empty answer.
func (d *directory) waitDone(ctx context.Context) error {
	v := &view{}
	var err error
	for !v.Done {
		time.Sleep(time.Second)
		if v, err = d.fetch(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Negative: each call is given the cursor the previous answer returned.
func (d *directory) firstPage(ctx context.Context) ([]string, error) {
	v := &view{}
	cursor := ""
	var err error
	for len(v.Members) == 0 {
		if v, err = d.page(ctx, cursor); err != nil {
			return nil, err
		}
		cursor = v.Members[len(v.Members)-1]
		if cursor == "" {
			return nil, nil
		}
	}
	return v.Members, nil
}
