package checkout // want package:"has idempotency facts"

import (
	"context"
	"database/sql"
	"net/http"

	"payments"
)

// PlaceOrder reaches the POST through another package.
func PlaceOrder(ctx context.Context, c *payments.Client) error { // want PlaceOrder:`not idempotent: sends a POST request without an Idempotency-Key header \(via payments.Client.Charge, http.NewRequestWithContext\)`
	return c.Charge(ctx, 100)
}

// PlaceOrderOnce passes a key: safe.
func PlaceOrderOnce(ctx context.Context, c *payments.Client, key string) error {
	return c.ChargeWithKey(ctx, key, 100)
}

// Book records the order in the ledger.
func Book(ctx context.Context, db *sql.DB) error { // want Book:`not idempotent: inserts into ledger without conflict handling \(via payments.Record, sql.DB.ExecContext\)`
	return payments.Record(ctx, db, "o-1", 100)
}

// Refund calls a function declared idempotent.
func Refund(ctx context.Context, c *payments.Client) error {
	return c.Refund(ctx)
}

// Cycle reaches the POST through a cycle in another package.
func Cycle() error { // want Cycle:`not idempotent: is marked //nines:not-idempotent \(via payments.Settle, payments.Gateway.Capture\)`
	return payments.Settle(context.Background(), nil)
}

// Send hands its request on to a retry helper.
func Send(req *http.Request) error { // want Send:`retries its request parameters \[0\]`
	_, err := payments.RetryDo(http.DefaultClient, req, 3)
	return err
}

// Retried hands its operation on to the retry helper.
func Retried(op func() error) error { // want Retried:`retries its function parameters \[0\]`
	return payments.WithRetry(3, op)
}
