package knowledge

import "strings"

// jackc/pgx (v4, v5, and pgxpool): Conn, Pool and Tx run statements with
// the names in SQLExecMethods, each taking a context first; a Tx is named
// SQLTxType.

// IsPgx reports whether path is a package of jackc/pgx, any major version.
func IsPgx(path string) bool { return strings.Contains(path, "jackc/pgx") }
