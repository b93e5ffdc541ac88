package sqlops // want package:"has idempotency facts"

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"payments"
	"retryutil"
)

const insertPayment = "INSERT INTO payments " +
	"(id, cents) VALUES ($1, $2)"

// DBTX is the interface sqlc generates over database/sql and pgx.
type DBTX interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Positive cases.

func execConcat(ctx context.Context, db *sql.DB) error { // want execConcat:`not idempotent: inserts into payments without conflict handling \(via sql\.DB\.ExecContext\)`
	var err error
	for i := 0; i < 3; i++ {
		if _, err = db.ExecContext(ctx, insertPayment, "p-1", 100); err == nil { // want `retried INSERT into payments has no ON CONFLICT clause`
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

func execSprintf(ctx context.Context, db *sql.DB, table string) error { // want execSprintf:`not idempotent: inserts without conflict handling \(via sql\.DB\.ExecContext\)`
	for i := 0; i < 3; i++ {
		q := fmt.Sprintf("INSERT INTO %s (id) VALUES ($1)", table)
		if _, err := db.ExecContext(ctx, q, 1); err != nil { // want `retried INSERT has no ON CONFLICT clause`
			time.Sleep(time.Second)
			continue
		}
		return nil
	}
	return fmt.Errorf("giving up")
}

func prepared(ctx context.Context, db *sql.DB) error { // want prepared:`not idempotent: adds to column balance in an UPDATE \(via sql\.Stmt\.ExecContext\)`
	stmt, err := db.PrepareContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := 0; i < 3; i++ {
		if _, err = stmt.ExecContext(ctx, 10, 1); err == nil { // want `retried UPDATE adds to column balance`
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

func pgxConnQueryRow(ctx context.Context, conn *pgx.Conn) (int, error) { // want pgxConnQueryRow:`not idempotent: inserts into orders without conflict handling \(via pgx\.Conn\.QueryRow\)`
	var id int
	var err error
	for i := 0; i < 3; i++ {
		err = conn.QueryRow(ctx, `INSERT INTO "Orders" (total) VALUES ($1) RETURNING id`, 100).Scan(&id) // want `retried INSERT into orders has no ON CONFLICT clause`
		if err == nil {
			return id, nil
		}
		time.Sleep(time.Second)
	}
	return 0, err
}

// pgxTx retries a whole transaction: a failed attempt is rolled back, so
// its UPDATE does not add up.
func pgxTx(ctx context.Context, pool *pgxpool.Pool) error { // want pgxTx:`not idempotent: adds to column qty in an UPDATE \(via pgx\.Tx\.Exec\)`
	for i := 0; i < 3; i++ {
		tx, err := pool.Begin(ctx)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		if _, err := tx.Exec(ctx, "update stock set qty = qty - 1 where sku = $1", "a"); err != nil {
			tx.Rollback(ctx)
			time.Sleep(time.Second)
			continue
		}
		if err := tx.Commit(ctx); err != nil {
			time.Sleep(time.Second)
			continue
		}
		return nil
	}
	return fmt.Errorf("giving up")
}

func generatedInterface(ctx context.Context, q DBTX) error { // want generatedInterface:`not idempotent: inserts into events without conflict handling \(via sqlops\.DBTX\.ExecContext\)`
	for i := 0; i < 3; i++ {
		if _, err := q.ExecContext(ctx, "INSERT INTO events (kind) VALUES ($1)", "paid"); err == nil { // want `retried INSERT into events has no ON CONFLICT clause`
			return nil
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("giving up")
}

// Negative cases.

func upserts(ctx context.Context, db *sql.DB, pool *pgxpool.Pool) error {
	for i := 0; i < 3; i++ {
		if _, err := db.ExecContext(ctx, "INSERT INTO t (id) VALUES (?) ON DUPLICATE KEY UPDATE id = id", 1); err != nil {
			continue
		}
		if _, err := db.ExecContext(ctx, "INSERT IGNORE INTO t (id) VALUES (?)", 1); err != nil {
			continue
		}
		if _, err := pool.Exec(ctx, "insert into t (id) values ($1) on conflict do nothing", 1); err != nil {
			continue
		}
		return nil
	}
	return fmt.Errorf("giving up")
}

func absoluteUpdates(ctx context.Context, db *sql.DB, pool *pgxpool.Pool) error {
	for i := 0; i < 3; i++ {
		if _, err := db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", 1); err != nil {
			continue
		}
		if _, err := pool.Exec(ctx, "UPDATE accounts SET balance = $1 WHERE id = $2", 5, 1); err != nil {
			continue
		}
		if _, err := pool.Exec(ctx, "UPDATE accounts SET balance = balance - $1, version = version + 1 WHERE id = $2 AND version = $3", 5, 1, 2); err != nil {
			continue
		}
		if _, err := db.ExecContext(ctx, "DELETE FROM sessions WHERE id = $1", 1); err != nil {
			continue
		}
		return nil
	}
	return fmt.Errorf("giving up")
}

func dynamicSQL(ctx context.Context, db *sql.DB, query string, suffix string) error { // want dynamicSQL:`retries the SQL of its parameters \[2\]`
	for i := 0; i < 3; i++ {
		if _, err := db.ExecContext(ctx, query); err != nil {
			continue
		}
		// The computed suffix may be the ON CONFLICT clause.
		if _, err := db.ExecContext(ctx, "INSERT INTO t (id) VALUES (1) "+suffix); err != nil {
			continue
		}
		return nil
	}
	return fmt.Errorf("giving up")
}

func selects(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	var n int
	for i := 0; i < 3; i++ {
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM orders").Scan(&n); err == nil {
			return n, nil
		}
		time.Sleep(time.Second)
	}
	return 0, fmt.Errorf("giving up")
}

func insertOncePerItem(ctx context.Context, db *sql.DB, ids []int) error { // want insertOncePerItem:`not idempotent: inserts into t without conflict handling \(via sql\.DB\.ExecContext\)`
	for _, id := range ids { // not a retry: each row is inserted once
		if _, err := db.ExecContext(ctx, "INSERT INTO t (id) VALUES ($1)", id); err != nil {
			return err
		}
	}
	return nil
}

func sqlRetryHelpers(db *sql.DB, rdb *payments.RetryDB) error { // want sqlRetryHelpers:`inserts into orders without conflict handling \(via payments.ExecWithRetry\)`
	if _, err := payments.ExecWithRetry(db, "INSERT INTO orders (total) VALUES (?)", 100); err != nil { // want `statement passed to payments.ExecWithRetry, which retries it, is an INSERT into orders without an ON CONFLICT clause`
		return err
	}
	if _, err := rdb.Exec("UPDATE stock SET qty = qty - 1 WHERE sku = ?", "a"); err != nil { // want `statement passed to payments.RetryDB.Exec, which retries it, is an UPDATE adding to column qty`
		return err
	}
	// Negative: safe statements.
	if _, err := payments.ExecWithRetry(db, "INSERT INTO orders (id) VALUES (?) ON CONFLICT DO NOTHING", 1); err != nil {
		return err
	}
	_, err := rdb.Exec("DELETE FROM carts WHERE id = ?", 1)
	return err
}

func utilityHelper(ctx context.Context, db *sql.DB) error { // want utilityHelper:`adds to column n in an UPDATE`
	return retryutil.Do(3, func() error {
		_, err := db.ExecContext(ctx, "UPDATE counters SET n = n + 1") // want `retried UPDATE adds to column n`
		return err
	})
}

// txFromOutside retries one statement of a transaction it was given: a
// repeat adds up.
func txFromOutside(ctx context.Context, tx pgx.Tx) error { // want txFromOutside:`adds to column qty in an UPDATE \(via pgx.Tx.Exec\)`
	for i := 0; i < 3; i++ {
		if _, err := tx.Exec(ctx, "UPDATE stock SET qty = qty + 1 WHERE sku = $1", "a"); err == nil { // want `retried UPDATE adds to column qty`
			return nil
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("giving up")
}

// sqlTxRetried retries a whole database/sql transaction.
func sqlTxRetried(ctx context.Context, db *sql.DB) error { // want sqlTxRetried:`inserts into orders without conflict handling \(via sql.Tx.ExecContext\)`
	for i := 0; i < 3; i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO orders (total) VALUES ($1)", 1); err != nil {
			tx.Rollback()
			continue
		}
		if err := tx.Commit(); err != nil {
			continue
		}
		return nil
	}
	return fmt.Errorf("giving up")
}
