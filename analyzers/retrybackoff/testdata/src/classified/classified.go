// Package classified holds retries taken only for some errors, chosen by a
// classification (errors.As into a typed error and a test of its code),
// after the success has returned.
package classified

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

type dbError struct{ Code string }

func (e *dbError) Error() string { return e.Code }

type pool struct{}

func (pool) Exec(ctx context.Context, sql string) (int64, error) { return 0, nil }

func deadlocked(err error) bool {
	var dbErr *dbError
	return errors.As(err, &dbErr) && dbErr.Code == "40P01"
}

// Positive: replicas that deadlocked each other wait the same 200ms and
// collide again.
func execSchema(ctx context.Context, p pool, sql string) error {
	for attempt := 0; attempt < 3; attempt++ { // want "retry loop waits the same time between attempts"
		_, err := p.Exec(ctx, sql)
		if err == nil {
			return nil
		}
		if deadlocked(err) && attempt < 2 {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		return err
	}
	return nil
}

// Negative: the same retry with a random wait spreads the replicas.
func execSchemaJitter(ctx context.Context, p pool, sql string) error {
	for attempt := 0; attempt < 3; attempt++ {
		_, err := p.Exec(ctx, sql)
		if err == nil {
			return nil
		}
		if deadlocked(err) && attempt < 2 {
			time.Sleep(time.Duration(rand.Int64N(int64(200*time.Millisecond))) << attempt)
			continue
		}
		return err
	}
	return nil
}
