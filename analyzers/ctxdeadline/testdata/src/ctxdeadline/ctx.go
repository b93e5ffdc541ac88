package ctxdeadline

import (
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"time"
)

type Config struct {
	QueryTimeout time.Duration
	Endpoint     string
}

func migrate(db *sql.DB) error {
	_, err := db.ExecContext(context.Background(), "CREATE TABLE IF NOT EXISTS users (id bigint)") // want `context.Background\(\) has no deadline, so \(\*sql.DB\).ExecContext can wait forever; pass the caller's context or derive one with context.WithTimeout`
	return err
}

func healthy(db *sql.DB) bool {
	return db.PingContext(context.TODO()) == nil // want `context.TODO\(\) has no deadline, so \(\*sql.DB\).PingContext can wait forever`
}

func fetchReport(cfg Config) ([]byte, error) {
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.Endpoint+"/report", nil) // want `ctx has no deadline \(it comes from context.Background\(\)\), so the request built by http.NewRequestWithContext can wait forever unless the client that sends it has a Timeout; pass the caller's context`
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// WithCancel and WithValue keep the parent's (missing) deadline.
func warmCache(db *sql.DB) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx = context.WithValue(ctx, traceKey{}, "warm-cache")
	rows, err := db.QueryContext(ctx, "SELECT id FROM hot_items") // want `ctx has no deadline \(it comes from context.Background\(\)\), so \(\*sql.DB\).QueryContext can wait forever`
	if err != nil {
		return err
	}
	return rows.Close()
}

type traceKey struct{}

// WithoutCancel drops the request's deadline.
func audit(r *http.Request, db *sql.DB) {
	go func() {
		ctx := context.WithoutCancel(r.Context())
		db.ExecContext(ctx, "INSERT INTO audit(path) VALUES ($1)", r.URL.Path) // want `ctx has no deadline \(it comes from context.WithoutCancel\)`
	}()
}

// A shadowed ctx with a timeout in an inner block does not bound the
// outer one.
func twoQueries(db *sql.DB) {
	ctx := context.Background()
	{
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		db.ExecContext(ctx, "SELECT 1")
	}
	db.ExecContext(ctx, "SELECT 2") // want `ctx has no deadline`
}

// A package-level background context.
var bg = context.Background()

func refresh(db *sql.DB) {
	db.ExecContext(bg, "REFRESH MATERIALIZED VIEW stats") // want `bg has no deadline \(it comes from context.Background\(\)\)`
}

// A dialer without Timeout leaves the context as the only bound.
func dialBroker(addr string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(context.Background(), "tcp", addr) // want `context.Background\(\) has no deadline, so \(\*net.Dialer\).DialContext with a dialer that has no Timeout can wait forever`
}

// A method value of a context method.
func seed(db *sql.DB) {
	exec := db.ExecContext
	exec(context.TODO(), "INSERT INTO flags VALUES (1)") // want `context.TODO\(\) has no deadline, so \(\*sql.DB\).ExecContext can wait forever`
}

// Not flagged: the timeout is added after the declaration.
func reindex(db *sql.DB, cfg Config) error {
	ctx := context.Background()
	ctx, cancel := context.WithTimeout(ctx, cfg.QueryTimeout)
	defer cancel()
	_, err := db.ExecContext(ctx, "REINDEX TABLE users")
	return err
}

// Not flagged: WithDeadline.
func nightly(db *sql.DB, at time.Time) error {
	ctx, cancel := context.WithDeadline(context.Background(), at.Add(time.Hour))
	defer cancel()
	_, err := db.ExecContext(ctx, "VACUUM")
	return err
}

// Not flagged: the request's own context (a call, not followed).
func handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		db.ExecContext(r.Context(), "UPDATE hits SET n = n + 1")
	}
}

// Not flagged: a context stored in a struct field is not followed.
type worker struct {
	ctx context.Context
	db  *sql.DB
}

func (w *worker) step() { w.db.ExecContext(w.ctx, "SELECT 1") }

// Not flagged: a context whose address escapes may be replaced.
func withTimeoutInto(p *context.Context) { *p, _ = context.WithTimeout(*p, time.Second) }

func escaped(db *sql.DB) {
	ctx := context.Background()
	withTimeoutInto(&ctx)
	db.ExecContext(ctx, "SELECT 1")
}

// Not flagged: a dialer with a Timeout bounds the dial.
func dialWithTimeout(addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 3 * time.Second}
	return d.DialContext(context.Background(), "tcp", addr)
}

// Not flagged: a dialer set after construction.
func dialConfigured(addr string, cfg Config) (net.Conn, error) {
	var d net.Dialer
	d.Timeout = cfg.QueryTimeout
	return d.DialContext(context.Background(), "tcp", addr)
}

// Not flagged: http.NewRequest takes no context; the client's Timeout is
// what bounds it, and httpclienttimeout checks that.
func legacyRequest(url string) (*http.Request, error) {
	return http.NewRequest(http.MethodGet, url, nil)
}

// Not flagged: a nil-check fallback on a parameter still passes the
// caller's context when there is one.
func withFallback(ctx context.Context, db *sql.DB) {
	if ctx == nil {
		ctx = context.Background()
	}
	db.ExecContext(ctx, "SELECT 1")
}
