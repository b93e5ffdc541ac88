package sqlfix

import (
	"context"
	"database/sql"
)

type Orders struct{ db *sql.DB }

func (o *Orders) Total(ctx context.Context, customer int64) (total int64, err error) {
	err = o.db.QueryRow("SELECT sum(amount) FROM orders WHERE customer = $1", customer).Scan(&total) // want `\(\*sql.DB\).QueryRow takes no context`
	return total, err
}

func (o *Orders) Cancel(ctx context.Context, id int64) error {
	tx, err := o.db.Begin() // want `\(\*sql.DB\).Begin takes no context`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec( // want `\(\*sql.Tx\).Exec takes no context`
		"UPDATE orders SET state = 'cancelled' WHERE id = $1",
		id,
	); err != nil {
		return err
	}
	return tx.Commit()
}

func (o *Orders) Check(reqCtx context.Context) error {
	return o.db.Ping() // want `\(\*sql.DB\).Ping takes no context`
}

// The closure sees the outer function's context.
func (o *Orders) Each(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		if err := func() error {
			_, err := o.db.Exec("UPDATE orders SET seen = true WHERE id = $1", id) // want `\(\*sql.DB\).Exec takes no context`
			return err
		}(); err != nil {
			return err
		}
	}
	return nil
}

// No fix: the parameter named ctx is shadowed by a string at the call.
func (o *Orders) Shadowed(ctx context.Context) error {
	{
		ctx := "not a context"
		_ = ctx
		_, err := o.db.Exec("SELECT 1") // want `\(\*sql.DB\).Exec takes no context`
		return err
	}
}

// No fix: no context in scope.
func (o *Orders) Count() (n int, err error) {
	err = o.db.QueryRow("SELECT count(*) FROM orders").Scan(&n) // want `\(\*sql.DB\).QueryRow takes no context`
	return n, err
}
