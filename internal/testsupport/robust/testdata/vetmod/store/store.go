package store

import (
	"context"
	"database/sql"
	"net/http"
)

type Store struct{ db *sql.DB }

type embedded struct{ *sql.DB }

var bg = context.Background()

func (s *Store) Name(id int64) (name string, err error) {
	err = s.db.QueryRow("SELECT name FROM users WHERE id = $1", id).Scan(&name)
	return name, err
}

func (s *Store) Ctx(id int64) error {
	ctx, cancel := context.WithCancel(context.TODO())
	defer cancel()
	_, err := s.db.ExecContext(ctx, "UPDATE users SET seen = now() WHERE id = $1", id)
	return err
}

func queryOne(ctx context.Context, db *sql.DB, q string) *sql.Row { return db.QueryRowContext(ctx, q) }

func use(db *sql.DB, e embedded) {
	queryOne(bg, db, "SELECT 1")
	e.Ping()
	q := db.Query
	q("SELECT 1")
	tx, _ := db.Begin()
	tx.Exec("DELETE FROM t")
	stmt, _ := db.PrepareContext(context.Background(), "SELECT 1")
	stmt.QueryRow()
	req, _ := http.NewRequestWithContext(context.Background(), "GET", "http://x", nil)
	_ = req
}
