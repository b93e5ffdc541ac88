// Package sqlitemixed: a package that also opens a network database keeps
// its findings, though it imports a SQLite driver (the true positive the
// SQLite rule keeps).
package sqlitemixed

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

func open(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	_, err = db.Exec("SELECT 1") // want `\(\*sql.DB\).Exec takes no context`
	return db, err
}
