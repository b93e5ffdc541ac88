// Package emptyresult holds loops that go around while an attempt's
// answer is empty, and loops that test emptiness without retrying.
package emptyresult

import (
	"context"
	"time"
)

type view struct {
	Members []string
	Leader  *string
	Token   string
	Next    string
	Done    bool
}

type registry struct{}

func (registry) fetch(ctx context.Context) (*view, error)              { return nil, nil }
func (registry) page(ctx context.Context, after string) (*view, error) { return nil, nil }
func (registry) leader(ctx context.Context) (*string, error)           { return nil, nil }
func (registry) NextEvent(ctx context.Context) (*view, error)          { return nil, nil }

// Positive: re-read while the answer lists no members, a counter bounding
// it; an error leaves.
func members(ctx context.Context, reg registry) ([]string, error) {
	v, err := reg.fetch(ctx)
	if err != nil {
		return nil, err
	}
	left := 10
	for len(v.Members) == 0 && left > 0 { // want "retry loop"
		left--
		time.Sleep(50 * time.Millisecond)
		v, err = reg.fetch(ctx) // want "attempt reg.fetch"
		if err != nil {
			return nil, err
		}
	}
	return v.Members, nil
}

// Positive: while the answer has no leader (nil).
func leader(ctx context.Context, reg registry) (string, error) {
	var lead *string
	var err error
	for lead == nil { // want "retry loop"
		lead, err = reg.leader(ctx) // want "attempt reg.leader"
		if err != nil {
			return "", err
		}
	}
	return *lead, nil
}

// Positive: while the token is the empty string.
func token(ctx context.Context, reg registry) (string, error) {
	v := &view{}
	var err error
	for v.Token == "" { // want "retry loop"
		if v, err = reg.fetch(ctx); err != nil { // want "attempt reg.fetch"
			return "", err
		}
	}
	return v.Token, nil
}

// Negative: a pagination loop. Each call is given the cursor the last
// answer returned, so it moves on to the next page.
func pages(ctx context.Context, reg registry) ([]string, error) {
	var all []string
	v := &view{Next: "start"}
	var err error
	for v.Next != "" && len(all) == 0 {
		v, err = reg.page(ctx, v.Next)
		if err != nil {
			return nil, err
		}
		all = append(all, v.Members...)
	}
	return all, nil
}

// Negative: a consumer waiting for the next event of a stream.
func firstEvent(ctx context.Context, reg registry) (*view, error) {
	var ev *view
	var err error
	for ev == nil {
		ev, err = reg.NextEvent(ctx)
		if err != nil {
			return nil, err
		}
	}
	return ev, nil
}

// Negative: a poll of a job's progress (not an empty answer) is a poller,
// not a retry.
func waitDone(ctx context.Context, reg registry) error {
	v := &view{}
	var err error
	for !v.Done {
		time.Sleep(time.Second)
		if v, err = reg.fetch(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Negative: the emptiness tested is not what the loop's call returns.
func drain(ctx context.Context, reg registry, queue []string) error {
	for len(queue) > 0 {
		if _, err := reg.fetch(ctx); err != nil {
			return err
		}
		queue = queue[1:]
	}
	return nil
}
