package payments // want package:"has idempotency facts"

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

type Client struct {
	HTTP *http.Client
	Base string
}

// Charge sends a POST with no key: the helper that callers retry.
func (c *Client) Charge(ctx context.Context, cents int) error { // want Charge:`not idempotent: sends a POST request without an Idempotency-Key header \(via http.NewRequestWithContext\)`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+"/charges", strings.NewReader("{}"))
	if err != nil {
		return err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// ChargeWithKey is safe: the caller passes a key it generated once.
func (c *Client) ChargeWithKey(ctx context.Context, key string, cents int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+"/charges", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Idempotency-Key", key)
	_, err = c.HTTP.Do(req)
	return err
}

// ChargeFreshKey generates its own key, so every call is a new charge.
func (c *Client) ChargeFreshKey(ctx context.Context) error { // want ChargeFreshKey:`not idempotent: sends a POST request with an Idempotency-Key generated on every call \(uuid.NewString\) \(via http.NewRequestWithContext\)`
	req, err := http.NewRequestWithContext(ctx, "POST", c.Base+"/charges", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Idempotency-Key", uuid.NewString())
	_, err = c.HTTP.Do(req)
	return err
}

// Refund is declared safe: the payment provider deduplicates refunds.
//
//nines:idempotent
func (c *Client) Refund(ctx context.Context) error {
	_, err := http.Post(c.Base+"/refunds", "application/json", nil)
	return err
}

// AddKey sets the key on a request built by its caller.
func AddKey(req *http.Request, key string) { // want AddKey:`sets Idempotency-Key on parameters \[0\]`
	req.Header.Set("X-Idempotency-Key", key)
}

// NewChargeRequest builds a request and leaves the key to its caller.
func NewChargeRequest(ctx context.Context, base string) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, http.MethodPost, base+"/charges", nil)
}

// Record inserts a ledger row with no conflict handling.
func Record(ctx context.Context, db *sql.DB, id string, cents int) error { // want Record:`not idempotent: inserts into ledger without conflict handling \(via sql.DB.ExecContext\)`
	_, err := db.ExecContext(ctx, "INSERT INTO ledger (id, cents) VALUES ($1, $2)", id, cents)
	return err
}

// RecordOnce is safe: a repeat hits the primary key and does nothing.
func RecordOnce(ctx context.Context, db *sql.DB, id string, cents int) error {
	_, err := db.ExecContext(ctx, "INSERT INTO ledger (id, cents) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", id, cents)
	return err
}

// Credit adds to a balance.
func Credit(ctx context.Context, db *sql.DB, id string, cents int) error { // want Credit:`not idempotent: adds to column balance in an UPDATE \(via sql.DB.ExecContext\)`
	_, err := db.ExecContext(ctx, "UPDATE accounts SET balance = balance + $1 WHERE id = $2", cents, id)
	return err
}

// Gateway is a generated client the analysis cannot see into.
type Gateway interface {
	//nines:not-idempotent
	Capture(ctx context.Context, id string) error // want Capture:`not idempotent: is marked //nines:not-idempotent`
	Status(ctx context.Context, id string) error
}

// Settle calls a marked interface method.
func Settle(ctx context.Context, g Gateway) error { // want Settle:`not idempotent: is marked //nines:not-idempotent \(via payments.Gateway.Capture\)`
	return g.Capture(ctx, "x")
}

// ping and pong call each other; neither does anything unsafe, and the
// cycle must not loop the analysis.
func ping(n int) error {
	if n == 0 {
		return nil
	}
	return pong(n - 1)
}

func pong(n int) error { return ping(n) }

// even and odd form a cycle that does POST: both get the fact.
func even(n int) error { // want even:`not idempotent: sends a POST request without an Idempotency-Key header \(via payments.odd, http.Post\)`
	if n == 0 {
		return nil
	}
	return odd(n - 1)
}

func odd(n int) error { // want odd:`not idempotent: sends a POST request without an Idempotency-Key header \(via http.Post\)`
	if n%7 == 0 {
		_, err := http.Post("http://x", "text/plain", nil)
		return err
	}
	return even(n - 1)
}

// RetryDo is a retry helper: it sends the request it is given up to n
// times.
func RetryDo(c *http.Client, req *http.Request, n int) (*http.Response, error) { // want RetryDo:`retries its request parameters \[1\]`
	var err error
	for i := 0; i < n; i++ {
		var resp *http.Response
		resp, err = c.Do(req)
		if err == nil {
			return resp, nil
		}
		time.Sleep(time.Second)
	}
	return nil, err
}

// WithRetry is the program's own retry helper: it calls op until it
// succeeds, at most attempts times.
func WithRetry(attempts int, op func() error) (err error) { // want WithRetry:`retries its function parameters \[1\]`
	for attempts > 0 {
		if err = op(); err != nil {
			time.Sleep(time.Second)
			attempts--
			continue
		}
		return nil
	}
	return err
}

// ExecWithRetry runs the statement it is given until the database accepts
// it.
func ExecWithRetry(db *sql.DB, query string, args ...any) (res sql.Result, err error) { // want ExecWithRetry:`retries the SQL of its parameters \[1\]`
	for attempt := 0; attempt < 5; attempt++ {
		if res, err = db.Exec(query, args...); err == nil {
			return res, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil, err
}

// RetryDB retries every statement.
type RetryDB struct{ *sql.DB }

func (db *RetryDB) Exec(query string, args ...any) (res sql.Result, err error) { // want Exec:`retries the SQL of its parameters \[0\]`
	for i := 0; i < 10; i++ {
		res, err = db.DB.ExecContext(context.Background(), query, args...)
		if err == nil {
			return res, nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return nil, err
}

// AddFreshKey sets a key it generates itself: a new one on every call.
func AddFreshKey(req *http.Request) { // want AddFreshKey:`sets Idempotency-Key on parameters \[0\] from uuid.NewString`
	req.Header.Set("Idempotency-Key", uuid.NewString())
}

// do is the request helper of an API client: the caller chooses the method.
func (c *Client) do(ctx context.Context, method, path string) error { // want do:`sends a request with the method of parameter 1`
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, nil)
	if err != nil {
		return err
	}
	_, err = c.HTTP.Do(req)
	return err
}

// CreateOrder posts through the helper.
func (c *Client) CreateOrder(ctx context.Context) error { // want CreateOrder:`not idempotent: sends a POST request without an Idempotency-Key header \(via payments.Client.do\)`
	return c.do(ctx, http.MethodPost, "/orders")
}

// GetOrder and Token go through the helper too, safely.
func (c *Client) GetOrder(ctx context.Context) error { return c.do(ctx, http.MethodGet, "/orders/1") }

func (c *Client) Token(ctx context.Context) error { return c.do(ctx, "POST", "/oauth/token") }

// NewRequest builds a request for the caller to send.
func (c *Client) NewRequest(ctx context.Context, method, path string) (*http.Request, error) { // want NewRequest:`builds a request with the method of parameter 1`
	return http.NewRequestWithContext(ctx, method, c.Base+path, nil)
}
