// Package sqlitelocal: database/sql on a SQLite driver the package imports
// waits on a local file, not on a network peer (issue 10, class 2).
package sqlitelocal

import (
	"context"
	"database/sql"

	_ "modernc.org/sqlite"
)

func migrate(db *sql.DB) error {
	_, err := db.Exec("CREATE TABLE IF NOT EXISTS t (id integer)") // a local file: not reported
	return err
}

func count(db *sql.DB) (n int, err error) {
	err = db.QueryRowContext(context.Background(), "SELECT count(*) FROM t").Scan(&n) // not reported either
	return n, err
}
