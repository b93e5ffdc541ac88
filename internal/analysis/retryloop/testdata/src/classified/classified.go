// Package classified holds retries whose go-around is guarded by a
// classification of the error (errors.As into a typed error and a test of
// its code) rather than by err != nil alone.
package classified

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type dbError struct{ Code string }

func (e *dbError) Error() string { return e.Code }

type pool struct{}

func (pool) Exec(ctx context.Context, sql string) (int64, error) { return 0, nil }

// Positive: retried only on a deadlock code, with a constant wait.
func execRetry(ctx context.Context, p pool, sql string) error {
	const maxRetries = 3
	for attempt := 0; attempt < maxRetries; attempt++ { // want "retry loop"
		_, err := p.Exec(ctx, sql) // want "attempt p.Exec"
		if err == nil {
			return nil
		}
		var dbErr *dbError
		if errors.As(err, &dbErr) && (dbErr.Code == "40P01" || dbErr.Code == "XX000") && attempt < maxRetries-1 {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		return fmt.Errorf("exec: %w", err)
	}
	return nil
}

// Positive: the same with the wait in a select that the context ends.
func migrate(ctx context.Context, p pool, sql string) error {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // want "retry loop"
		_, err := p.Exec(ctx, sql) // want "attempt p.Exec"
		if err == nil {
			return nil
		}
		var dbErr *dbError
		if errors.As(err, &dbErr) && dbErr.Code == "40P01" {
			lastErr = err
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
			continue
		}
		return err
	}
	return lastErr
}

// Negative: after the success test, what goes around is a wait for the
// next message, not a repeat of the failed call: the failure returns.
func drain(ctx context.Context, p pool, in <-chan string) error {
	for {
		sql, ok := <-in
		if !ok {
			return nil
		}
		_, err := p.Exec(ctx, sql)
		if err == nil {
			continue
		}
		return err
	}
}
