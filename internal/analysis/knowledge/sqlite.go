package knowledge

// SQLite drivers for database/sql (modernc.org/sqlite, the cgo-free port,
// and github.com/mattn/go-sqlite3, the cgo binding): the database is a file
// the process opens itself, so a statement waits on the disk and on
// SQLite's own locks (bounded by its busy_timeout), never on a network
// peer. A context adds nothing a timeout analyzer asks for.

// SQLiteDriverImports are the import paths whose init registers a local
// SQLite driver with database/sql.
var SQLiteDriverImports = map[string]bool{
	"modernc.org/sqlite":            true,
	"github.com/mattn/go-sqlite3":   true,
	"github.com/glebarez/go-sqlite": true, // a database/sql wrapper of modernc.org/sqlite
}

// SQLiteDriverNames are the names under which those drivers register, as
// sql.Open's first argument spells them.
var SQLiteDriverNames = map[string]bool{"sqlite": true, "sqlite3": true}

// SQLOpen is the database/sql function whose first argument names the
// driver.
const SQLOpen = "Open"
