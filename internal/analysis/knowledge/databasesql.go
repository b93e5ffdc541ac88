package knowledge

// database/sql: the methods without a context (Exec, Query, ...) wait for
// the database as long as the driver does; their ...Context forms are
// bounded by the context given.

// DatabaseSQL is the import path of database/sql.
const DatabaseSQL = "database/sql"

// SQLConnTypes are the database/sql types whose methods talk to the
// database.
var SQLConnTypes = map[string]bool{"DB": true, "Tx": true, "Conn": true, "Stmt": true}

// SQLContextless maps the context-less database/sql methods to the method
// to call instead. (*sql.Conn) has none: it was added with contexts.
var SQLContextless = map[string]string{
	"Begin":    "BeginTx",
	"Exec":     "ExecContext",
	"Ping":     "PingContext",
	"Prepare":  "PrepareContext",
	"Query":    "QueryContext",
	"QueryRow": "QueryRowContext",
}

// SQLExecMethods are the names under which Go database APIs run a
// statement: database/sql, pgx (Conn, Pool, Tx), sqlx, and the interfaces
// that code generators such as sqlc declare over them (DBTX). The SQL
// text, not the receiver type, decides what is unsafe to repeat, so any
// method of these names whose first string parameter holds the statement
// counts.
var SQLExecMethods = map[string]bool{
	"Exec": true, "ExecContext": true, "MustExec": true, "MustExecContext": true,
	"NamedExec": true, "NamedExecContext": true,
	"Query": true, "QueryContext": true, "QueryRow": true, "QueryRowContext": true,
	"Queryx": true, "QueryxContext": true, "QueryRowx": true, "QueryRowxContext": true,
	"Get": true, "GetContext": true, "Select": true, "SelectContext": true,
}

// SQLPrepareMethods create a statement whose SQL is given once and executed
// by the statement's own Exec.
var SQLPrepareMethods = map[string]bool{
	"Prepare": true, "PrepareContext": true, "Preparex": true, "PreparexContext": true,
}

// SQLTxType is the name of the transaction type of database/sql, pgx and
// sqlx: a statement run on a Tx is repeated only with its transaction.
const SQLTxType = "Tx"

// IsSQLAPI reports whether path is a database API whose statements may be
// unsafe to repeat: database/sql, pgx or sqlx.
func IsSQLAPI(path string) bool {
	return path == DatabaseSQL || IsPgx(path) || IsSqlx(path)
}
