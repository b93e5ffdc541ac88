package knowledge

import "strings"

// jmoiron/sqlx extends database/sql with the statement methods in
// SQLExecMethods (MustExec, NamedExec, Queryx, Get, Select) and Preparex.

// IsSqlx reports whether path is a package of sqlx.
func IsSqlx(path string) bool { return strings.Contains(path, "sqlx") }
