package ctxdeadline

import (
	"context"
	"database/sql"
	"time"
)

// Repo is a generic repository.
type Repo[T any] struct {
	db   *sql.DB
	scan func(*sql.Row) (T, error)
}

func (r *Repo[T]) Get(ctx context.Context, q string, id int64) (T, error) {
	return r.scan(r.db.QueryRowContext(ctx, q, id))
}

func (r *Repo[T]) GetNow(q string, id int64) (T, error) {
	return r.scan(r.db.QueryRow(q, id)) // want `\(\*sql.DB\).QueryRow takes no context`
}

func first[T any](ctx context.Context, r *Repo[T], id int64) (T, error) {
	return r.Get(ctx, "SELECT * FROM t WHERE id = $1", id)
}

func loadAll(r *Repo[string]) {
	r.Get(context.Background(), "SELECT name FROM t WHERE id = $1", 1) // want `context.Background\(\) has no deadline, so \(\*sql.DB\).QueryRowContext via \(\*Repo\).Get can wait forever`
	first[string](context.TODO(), r, 2)                                // want `context.TODO\(\) has no deadline, so \(\*sql.DB\).QueryRowContext via \(\*Repo\).Get via first can wait forever`
}

// Not flagged: bounded before the generic call.
func loadBounded(r *Repo[int]) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	first(ctx, r, 3)
}
