// Example: ctxdeadline: a database query that can wait forever
package main

import (
	"database/sql"
)

type Store struct{ db *sql.DB }

func (s *Store) UserName(id int64) (name string, err error) {
	err = s.db.QueryRow("SELECT name FROM users WHERE id = $1", id).Scan(&name)
	return name, err
}

func main() {}
