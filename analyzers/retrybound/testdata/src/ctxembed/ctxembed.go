// Package ctxembed checks retries bounded by a context that a struct
// carries by embedding context.Context: its Done and Err are the
// context's, so the retry gives up when the context ends.
package ctxembed

import (
	"context"
	"time"
)

// reqCtx embeds the request's context.
type reqCtx struct {
	context.Context
	id string
}

// timer has Done and Err methods of its own, unrelated to a context.
type timer struct{}

func (timer) Done() <-chan struct{} { return nil }
func (timer) Err() error            { return nil }

func store(ctx context.Context, id string) error { return nil }
func flush() error                               { return nil }

// Negative: the select on the embedded context's Done gives up.
func save(ctx *reqCtx) error {
	for {
		err := store(ctx, ctx.id)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// Negative: a struct value, tested with Err.
func saveValue(ctx reqCtx) error {
	for {
		if err := store(ctx, ctx.id); err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(time.Second)
	}
}

// Positive: Done and Err of a type that is not a context do not bound the
// retry.
func flushAll(t timer) error {
	for { // want `retry loop never gives up`
		if err := flush(); err == nil {
			return nil
		}
		if t.Err() != nil {
			time.Sleep(time.Second)
		}
		time.Sleep(time.Second)
	}
}
