package retry

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"
)

func send(ctx context.Context) error { return errors.New("x") }

func forever(c *http.Client, req *http.Request) (*http.Response, error) {
	for {
		resp, err := c.Do(req)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		return resp, nil
	}
}

func capped(ctx context.Context) (err error) {
	for attempt := 0; attempt < 40; attempt++ {
		if err = send(ctx); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond << attempt)
	}
	return err
}

func jittered(ctx context.Context) (err error) {
	for attempt := 0; attempt < 4; attempt++ {
		if err = send(ctx); err == nil {
			return nil
		}
		base := 100 * time.Millisecond << attempt
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(base + rand.N(base)):
		}
	}
	return err
}

func charge(ctx context.Context, c *http.Client, db *sql.DB) error {
	for i := 0; ; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay/charges", bytes.NewReader(nil))
		if _, err := c.Do(req); err != nil {
			continue
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO charges (id) VALUES ($1)", i); err != nil {
			continue
		}
		if _, err := db.ExecContext(ctx, "UPDATE accounts SET balance = balance - 10"); err != nil {
			continue
		}
		return nil
	}
}

func withRetry(n int, op func() error) (err error) {
	for i := 0; i < n; i++ {
		if err = op(); err == nil {
			return nil
		}
		time.Sleep(backoff(i))
	}
	return err
}

func backoff(i int) time.Duration { return time.Duration(1<<i) * time.Second }

func post(c *http.Client) error {
	return withRetry(3, func() error {
		_, err := c.Post("https://x/orders", "application/json", nil)
		return err
	})
}
