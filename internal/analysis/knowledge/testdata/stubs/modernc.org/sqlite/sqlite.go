// Package sqlite is a stub of modernc.org/sqlite: importing it registers
// the "sqlite" driver with database/sql.
package sqlite

// Driver is the database/sql driver the package registers as "sqlite".
type Driver struct{}
