package ctxdeadline

import (
	"context"
	dbsql "database/sql"
	"time"
)

// Store is a repository built in a constructor and kept in a struct field.
type Store struct {
	db      *dbsql.DB
	timeout time.Duration
}

func NewStore(db *dbsql.DB) (*Store, error) {
	if err := db.Ping(); err != nil { // want `\(\*sql.DB\).Ping takes no context, so it can wait forever for a connection and for the database; use PingContext with a context that has a deadline`
		return nil, err
	}
	return &Store{db: db, timeout: 2 * time.Second}, nil
}

func (s *Store) UserName(id int64) (string, error) {
	var name string
	err := s.db.QueryRow("SELECT name FROM users WHERE id = $1", id).Scan(&name) // want `\(\*sql.DB\).QueryRow takes no context`
	return name, err
}

func (s *Store) Rename(id int64, name string) error {
	tx, err := s.db.Begin() // want `\(\*sql.DB\).Begin takes no context, .*; use BeginTx with a context that has a deadline`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE users SET name = $1 WHERE id = $2", name, id); err != nil { // want `\(\*sql.Tx\).Exec takes no context`
		return err
	}
	return tx.Commit()
}

func (s *Store) Active() ([]int64, error) {
	stmt, err := s.db.Prepare("SELECT id FROM users WHERE active") // want `\(\*sql.DB\).Prepare takes no context`
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	rows, err := stmt.Query() // want `\(\*sql.Stmt\).Query takes no context`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// A method value is the same call.
func (s *Store) purge() error {
	exec := s.db.Exec
	_, err := exec("DELETE FROM sessions WHERE expires < now()") // want `\(\*sql.DB\).Exec takes no context`
	return err
}

// So is a method expression.
func countUsers(db *dbsql.DB) (n int, err error) {
	err = (*dbsql.DB).QueryRow(db, "SELECT count(*) FROM users").Scan(&n) // want `\(\*sql.DB\).QueryRow takes no context`
	return n, err
}

// Embedding *sql.DB (as sqlx does) promotes the same methods.
type Conn struct {
	*dbsql.DB
}

func (c Conn) Touch(id int64) error {
	_, err := c.Exec("UPDATE users SET seen = now() WHERE id = $1", id) // want `\(\*sql.DB\).Exec takes no context`
	return err
}

// Not flagged: the context methods with the caller's context, which owns
// the deadline.
func (s *Store) UserNameCtx(ctx context.Context, id int64) (string, error) {
	var name string
	err := s.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = $1", id).Scan(&name)
	return name, err
}

// Not flagged: a context derived with a timeout.
func (s *Store) CountCtx(parent context.Context) (int, error) {
	ctx, cancel := context.WithTimeout(parent, s.timeout)
	defer cancel()
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n)
	return n, err
}

// Not flagged: the transaction's statements run under the caller's context.
func (s *Store) RenameCtx(ctx context.Context, id int64, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE users SET name = $1 WHERE id = $2", name, id); err != nil {
		return err
	}
	return tx.Commit()
}

// Not flagged: Close, Commit, Rollback and the pool settings do not wait on
// the server.
func configure(db *dbsql.DB) {
	db.SetMaxOpenConns(20)
	db.SetConnMaxLifetime(time.Minute)
	_ = db.Stats()
	_ = db.Close()
}

// Not flagged: a method called Query on a type of another package.
type cache struct{}

func (cache) Query(key string) (string, error) { return "", nil }

func lookup(c cache) (string, error) { return c.Query("k") }
