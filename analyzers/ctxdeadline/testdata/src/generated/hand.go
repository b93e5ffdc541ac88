package generated

import (
	"context"
	"database/sql"
)

// The same code written by hand is reported.

func create(db *sql.DB) error {
	_, err := db.ExecContext(context.Background(), "CREATE TABLE IF NOT EXISTS t (id bigint)") // want `context.Background\(\) has no deadline`
	return err
}
