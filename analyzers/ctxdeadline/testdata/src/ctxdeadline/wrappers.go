package ctxdeadline

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

// queryOne passes its context on unchanged: a caller handing it
// context.Background() is reported where it does so.
func queryOne(ctx context.Context, db *sql.DB, q string, args ...any) *sql.Row {
	return db.QueryRowContext(ctx, q, args...)
}

// loadUser passes its context to queryOne: a wrapper of a wrapper.
func loadUser(ctx context.Context, db *sql.DB, id int64) (name string, err error) {
	err = queryOne(ctx, db, "SELECT name FROM users WHERE id = $1", id).Scan(&name)
	return name, err
}

func adminName(db *sql.DB) (string, error) {
	return loadUser(context.Background(), db, 1) // want `context.Background\(\) has no deadline, so \(\*sql.DB\).QueryRowContext via queryOne via loadUser can wait forever`
}

type API struct {
	base   string
	client *http.Client
}

func (a *API) get(ctx context.Context, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path, nil)
	if err != nil {
		return nil, err
	}
	return a.client.Do(req)
}

// Not flagged: a wrapper of http.NewRequestWithContext is not followed,
// since the client it sends with may have a Timeout (here it does).
func NewAPI(base string) *API {
	return &API{base: base, client: &http.Client{Timeout: 5 * time.Second}}
}

func (a *API) Status() (*http.Response, error) {
	return a.get(context.TODO(), "/status")
}

// A database wrapper is followed however deep: nothing else bounds a query.
func (a *API) auditStatus(db *sql.DB) error {
	_, err := a.record(context.TODO(), db, "status") // want `context.TODO\(\) has no deadline, so \(\*sql.DB\).ExecContext via \(\*API\).record can wait forever`
	return err
}

func (a *API) record(ctx context.Context, db *sql.DB, what string) (sql.Result, error) {
	return db.ExecContext(ctx, "INSERT INTO audit(what) VALUES ($1)", what)
}

// Not flagged: the wrapper bounds its context itself.
func queryBounded(ctx context.Context, db *sql.DB, q string) *sql.Row {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.QueryRowContext(ctx, q)
}

func bootName(db *sql.DB) (name string, err error) {
	err = queryBounded(context.Background(), db, "SELECT name FROM boot").Scan(&name)
	return name, err
}

// Not flagged: the caller passes its own context to the wrapper.
func (a *API) StatusCtx(ctx context.Context) (*http.Response, error) {
	return a.get(ctx, "/status")
}
