// Package noimports imports none of the APIs ctxdeadline checks: its
// look-alike QueryContext is not database/sql's and is not reported.
package noimports

import "context"

type Querier interface {
	QueryContext(ctx context.Context, q string) error
}

func run(q Querier) error {
	return q.QueryContext(context.Background(), "SELECT 1")
}
