// Example: retryidempotent: retrying a write that is not idempotent
package main

import (
	"context"
	"database/sql"

	"github.com/cenkalti/backoff/v4"
)

func record(ctx context.Context, db *sql.DB, id string, cents int64) error {
	b := backoff.WithMaxRetries(backoff.NewExponentialBackOff(), 5)
	return backoff.Retry(func() error {
		_, err := db.ExecContext(ctx, "INSERT INTO payments (order_id, cents) VALUES ($1, $2)", id, cents)
		return err
	}, b)
}

func main() {}
