// Package sqlite3 is a stub of github.com/mattn/go-sqlite3: importing it
// registers the "sqlite3" driver with database/sql.
package sqlite3

// SQLiteDriver is the database/sql driver the package registers as
// "sqlite3".
type SQLiteDriver struct{}
