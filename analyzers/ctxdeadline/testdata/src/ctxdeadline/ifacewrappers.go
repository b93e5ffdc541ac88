package ctxdeadline

import (
	"context"
	"database/sql"
)

// A context dropped through an interface of the package (issue 10, class
// 7): every implementation here passes it on to a call bounded only by it.

type Checker interface {
	Check(ctx context.Context, name string) error
}

type dbChecker struct{ db *sql.DB }

func (c *dbChecker) Check(ctx context.Context, name string) error {
	_, err := c.db.ExecContext(ctx, "SELECT 1 FROM checks WHERE name = $1", name)
	return err
}

func NewChecker(db *sql.DB) Checker { return &dbChecker{db: db} }

func probeAll(db *sql.DB) error {
	ch := NewChecker(db)
	return ch.Check(context.Background(), "db") // want `context.Background\(\) has no deadline, so \(\*sql.DB\).ExecContext via \(\*dbChecker\).Check can wait forever`
}

// Not reported: one implementation adds its own deadline.
type Pinger interface {
	Ping(ctx context.Context) error
}

type quickPinger struct{ db *sql.DB }

func (p quickPinger) Ping(ctx context.Context) error {
	_, err := p.db.ExecContext(ctx, "SELECT 1")
	return err
}

type boundedPinger struct{ db *sql.DB }

func (p boundedPinger) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2e9)
	defer cancel()
	_, err := p.db.ExecContext(ctx, "SELECT 1")
	return err
}

func pingAll(p Pinger) error { return p.Ping(context.Background()) }
