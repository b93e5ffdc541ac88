// Package sqliteopen: the driver is named by sql.Open's constant, the
// driver package being registered elsewhere.
package sqliteopen

import "database/sql"

func open(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return nil, err
	}
	_, err = db.Exec("PRAGMA journal_mode=WAL") // a local file: not reported
	return db, err
}
