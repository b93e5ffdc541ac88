package libs // want package:"has idempotency facts"

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"time"

	retrygo "github.com/avast/retry-go/v4"
	backoff4 "github.com/cenkalti/backoff/v4"
	backoff5 "github.com/cenkalti/backoff/v5"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/jackc/pgx/v5/pgxpool"
	retry "github.com/sethvargo/go-retry"

	"payments"
)

// Positive cases: unsafe operations in closures and functions handed to
// retry libraries.

func backoffV4Closure() error { // want backoffV4Closure:`not idempotent: sends a POST request without an Idempotency-Key header \(via http\.Post\)`
	return backoff4.Retry(func() error {
		resp, err := http.Post("https://pay.example/charges", "application/json", nil) // want `retried http.Post sends a POST request that cannot carry an Idempotency-Key header`
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}, backoff4.NewExponentialBackOff())
}

func chargeOnce() error { // want chargeOnce:`not idempotent: sends a POST request without an Idempotency-Key header \(via http.Post\)`
	_, err := http.Post("https://pay.example/charges", "application/json", nil)
	return err
}

func backoffV4Func() error {
	return backoff4.Retry(chargeOnce, backoff4.WithMaxRetries(backoff4.NewExponentialBackOff(), 3)) // want `function chargeOnce retried by backoff.Retry sends a POST request without an Idempotency-Key header \(via http.Post\): an attempt whose reply was lost is applied again; pass it an Idempotency-Key generated once outside the retry, or mark chargeOnce //nines:idempotent if it is safe`
}

func backoffV4WithData(ctx context.Context, db *sql.DB) (int64, error) { // want backoffV4WithData:`not idempotent: inserts into orders without conflict handling \(via sql\.DB\.QueryRowContext\)`
	return backoff4.RetryWithData(func() (int64, error) {
		var id int64
		err := db.QueryRowContext(ctx, "INSERT INTO orders (total) VALUES ($1) RETURNING id", 100).Scan(&id) // want `retried INSERT into orders has no ON CONFLICT clause: an attempt that committed before its reply was lost adds a duplicate row; add ON CONFLICT DO NOTHING \(or ON DUPLICATE KEY UPDATE\) on a unique key`
		return id, err
	}, backoff4.NewExponentialBackOff())
}

func backoffV5Closure(ctx context.Context, pool *pgxpool.Pool) error { // want backoffV5Closure:`not idempotent: adds to column credits in an UPDATE \(via pgxpool\.Pool\.Exec\)`
	_, err := backoff5.Retry(ctx, func() (bool, error) {
		_, err := pool.Exec(ctx, "UPDATE wallets SET credits = credits - $1 WHERE user_id = $2", 5, 7) // want `retried UPDATE adds to column credits: an attempt that committed before its reply was lost applies the change twice; set an absolute value, or compare a version column in the WHERE clause`
		return err == nil, err
	}, backoff5.WithBackOff(backoff5.NewExponentialBackOff()), backoff5.WithMaxTries(4))
	return err
}

func backoffV5Helper(ctx context.Context, c *payments.Client) error { // want backoffV5Helper:`not idempotent: sends a POST request without an Idempotency-Key header \(via payments\.Client\.Charge, http\.NewRequestWithContext\)`
	_, err := backoff5.Retry(ctx, func() (struct{}, error) {
		return struct{}{}, c.Charge(ctx, 100) // want `retried call to payments.Client.Charge, which sends a POST request without an Idempotency-Key header`
	}, backoff5.WithMaxTries(3))
	return err
}

func retryGoClosure(ctx context.Context, c *payments.Client) error { // want retryGoClosure:`not idempotent: sends a POST request without an Idempotency-Key header \(via payments\.Client\.Charge, http\.NewRequestWithContext\)`
	return retrygo.Do(func() error {
		return c.Charge(ctx, 100) // want `retried call to payments.Client.Charge`
	}, retrygo.Attempts(3), retrygo.Context(ctx))
}

func retryGoWithData(ctx context.Context, db *sql.DB) (sql.Result, error) { // want retryGoWithData:`not idempotent: inserts into audit_log without conflict handling \(via sql\.DB\.ExecContext\)`
	return retrygo.DoWithData(func() (sql.Result, error) {
		return db.ExecContext(ctx, "insert into audit_log(event) values (?)", "charged") // want `retried INSERT into audit_log has no ON CONFLICT clause`
	}, retrygo.Attempts(3))
}

func retryGoFuncValue(ctx context.Context, g payments.Gateway) error { // want retryGoFuncValue:`not idempotent: is marked //nines:not-idempotent \(via payments\.Gateway\.Capture\)`
	capture := func() error {
		return g.Capture(ctx, "p-1") // want `retried call to payments.Gateway.Capture, which is marked //nines:not-idempotent`
	}
	return retrygo.Do(capture, retrygo.Attempts(3))
}

func sethvargoClosure(ctx context.Context, db *sql.DB) error { // want sethvargoClosure:`not idempotent: adds to column hits in an UPDATE \(via sql\.DB\.ExecContext\)`
	b := retry.WithMaxRetries(3, retry.NewExponential(time.Second))
	return retry.Do(ctx, b, func(ctx context.Context) error {
		if _, err := db.ExecContext(ctx, "UPDATE counters SET hits = hits + 1 WHERE name = 'x'"); err != nil { // want `retried UPDATE adds to column hits`
			return retry.RetryableError(err)
		}
		return nil
	})
}

func retryableHTTPPost(c *retryablehttp.Client) error { // want retryableHTTPPost:`not idempotent: sends a POST request without an Idempotency-Key header \(via retryablehttp\.Client\.Post\)`
	_, err := c.Post("https://pay.example/charges", "application/json", nil) // want `retried retryablehttp.Client.Post sends a POST request that cannot carry an Idempotency-Key header`
	return err
}

func retryableHTTPDo(ctx context.Context, c *retryablehttp.Client) error { // want retryableHTTPDo:`not idempotent: sends a POST request without an Idempotency-Key header \(via retryablehttp\.NewRequestWithContext\)`
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
	if err != nil {
		return err
	}
	_, err = c.Do(req) // want `retried POST request has no Idempotency-Key header`
	return err
}

// Negative cases.

func backoffV4Keyed(ctx context.Context, key string) error {
	return backoff4.Retry(func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
		if err != nil {
			return backoff4.Permanent(err)
		}
		req.Header.Set("Idempotency-Key", key)
		_, err = http.DefaultClient.Do(req)
		return err
	}, backoff4.NewExponentialBackOff())
}

func backoffV4SafeFunc(ctx context.Context, c *payments.Client) error {
	refund := func() error { return c.Refund(ctx) }
	return backoff4.Retry(refund, backoff4.NewExponentialBackOff())
}

func backoffV5Upsert(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := backoff5.Retry(ctx, func() (bool, error) {
		_, err := pool.Exec(ctx, "INSERT INTO orders (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", 1, 100)
		return err == nil, err
	}, backoff5.WithMaxTries(4))
	return err
}

func insertAfterSuccess(ctx context.Context, db *sql.DB) error { // want insertAfterSuccess:`not idempotent: inserts into rates_log without conflict handling \(via sql\.DB\.ExecContext\)`
	return retrygo.Do(func() error {
		resp, err := http.Get("https://api.example/rates")
		if err != nil {
			return err
		}
		resp.Body.Close()
		// Runs only once the fetch has succeeded, and reports success.
		db.ExecContext(ctx, "INSERT INTO rates_log (at) VALUES (now())")
		return nil
	}, retrygo.Attempts(3))
}

func insertThenPermanent(ctx context.Context, db *sql.DB) error { // want insertThenPermanent:`not idempotent: inserts into audit without conflict handling \(via sql\.DB\.ExecContext\)`
	return backoff4.Retry(func() error {
		if _, err := db.ExecContext(ctx, "INSERT INTO audit (e) VALUES ('x')"); err != nil {
			return backoff4.Permanent(err) // never retried
		}
		return nil
	}, backoff4.NewExponentialBackOff())
}

func sethvargoNotRetryable(ctx context.Context, db *sql.DB) error { // want sethvargoNotRetryable:`not idempotent: inserts into audit without conflict handling \(via sql\.DB\.ExecContext\)`
	return retry.Do(ctx, retry.WithMaxRetries(3, retry.NewConstant(time.Second)), func(ctx context.Context) error {
		// go-retry retries only errors wrapped by RetryableError.
		_, err := db.ExecContext(ctx, "INSERT INTO audit (e) VALUES ('x')")
		return err
	})
}

func sethvargoGet(ctx context.Context) error {
	return retry.Do(ctx, retry.WithMaxDuration(time.Minute, retry.NewExponential(time.Second)), func(ctx context.Context) error {
		resp, err := http.Get("https://api.example/health")
		if err != nil {
			return retry.RetryableError(err)
		}
		return resp.Body.Close()
	})
}

func retryableHTTPKeyed(ctx context.Context, c *retryablehttp.Client, key string) error {
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Idempotency-Key", key)
	_, err = c.Do(req)
	return err
}

func retryableHTTPGet(c *retryablehttp.Client) error {
	_, err := c.Get("https://api.example/health")
	return err
}

func retryGoPlainFetch(ctx context.Context) error {
	return retrygo.Do(func() error {
		if _, err := http.Get("https://api.example/health"); err != nil {
			return err
		}
		return errors.New("not ready")
	}, retrygo.Attempts(3))
}

// nestedRetries repeats the POST in two retries at once; it is reported
// once.
func nestedRetries() error { // want nestedRetries:`via http.Post`
	return backoff4.Retry(func() error {
		for i := 0; i < 3; i++ {
			if _, err := http.Post("https://pay.example/charges", "text/plain", nil); err == nil { // want `retried http.Post sends a POST request`
				return nil
			}
			time.Sleep(time.Second)
		}
		return errors.New("still failing")
	}, backoff4.NewExponentialBackOff())
}
