// Package noimports imports none of the APIs ctxdeadline checks, so the
// analyzer returns before looking at it.
package noimports

import "context"

type Querier interface {
	QueryContext(ctx context.Context, q string) error
}

func run(q Querier) error {
	return q.QueryContext(context.Background(), "SELECT 1")
}
