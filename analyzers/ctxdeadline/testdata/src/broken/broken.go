package broken

import (
	"context"
	"database/sql"
	"net"
	"net/http"
)

// This file does not type-check: the analyzer must not panic on it.

func undefinedReceiver() {
	missing.QueryRow("SELECT 1")
	var db *sql.DB
	db.QueryRowContext(undefinedCtx, "SELECT 1")
	ctx := context.Background(1)
	db.ExecContext(ctx) // want `ctx has no deadline`
	var d net.Dialer
	d.DialContext(unknown.Ctx, "tcp")
}

func wrongArity(db *sql.DB) {
	db.QueryContext()
	http.NewRequestWithContext()
	var f func()
	f = db.Query
	f()
	(*sql.DB).Query()
	exec := db.NoSuchMethod
	exec(context.Background())
}
