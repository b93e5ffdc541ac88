// Package payments is the demo for nines: a small payment service with the
// reliability defects nines finds. Run `go run . vet ./testdata/demo/...`
// from the repository root to see them.
package payments

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Gateway talks to the card processor.
type Gateway struct {
	BaseURL string
	HTTP    *http.Client
}

// NewGateway builds a gateway client. The client has no Timeout: a slow
// processor holds every caller's goroutine until the pool runs dry.
func NewGateway(baseURL string) *Gateway {
	return &Gateway{
		BaseURL: baseURL,
		HTTP:    &http.Client{},
	}
}

// Charge asks the processor to move money. It is not safe to repeat: the
// processor charges the card again for every request it receives.
func (g *Gateway) Charge(ctx context.Context, customer string, cents int64) error {
	body, err := json.Marshal(map[string]any{"customer": customer, "amount": cents})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.BaseURL+"/charges", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := g.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 500 {
		return fmt.Errorf("processor: %s", resp.Status)
	}
	return nil
}

// ChargeWithRetry retries a charge until it goes through: forever, with no
// pause, and without an idempotency key, so a timeout after the processor
// accepted the charge bills the customer twice.
func (g *Gateway) ChargeWithRetry(ctx context.Context, customer string, cents int64) error {
	for {
		err := g.Charge(ctx, customer, cents)
		if err == nil {
			return nil
		}
	}
}

// ExchangeRate fetches a rate with the default client, which never times out.
func ExchangeRate(currency string) (float64, error) {
	resp, err := http.Get("https://rates.example.com/v1/" + currency)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var out struct{ Rate float64 }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return 0, err
	}
	return out.Rate, nil
}

// Ledger records charges.
type Ledger struct{ DB *sql.DB }

// Record writes a ledger row. The query takes no context, so nothing can
// cancel it when the database stalls.
func (l *Ledger) Record(customer string, cents int64) error {
	_, err := l.DB.Exec("INSERT INTO ledger (customer, cents) VALUES ($1, $2)", customer, cents)
	return err
}

// RecordWithRetry retries the insert three times with exponential backoff, but
// an INSERT without conflict handling adds a duplicate row on every retry
// whose first attempt actually committed.
func (l *Ledger) RecordWithRetry(ctx context.Context, customer string, cents int64) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		_, err = l.DB.ExecContext(ctx, "INSERT INTO ledger (customer, cents) VALUES ($1, $2)", customer, cents)
		if err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond << attempt)
	}
	return err
}

// Balance reads a balance with a context that can never expire.
func (l *Ledger) Balance(customer string) (int64, error) {
	var cents int64
	err := l.DB.QueryRowContext(context.Background(), "SELECT cents FROM balances WHERE customer = $1", customer).Scan(&cents)
	return cents, err
}

// FraudScore asks the fraud engine over a raw TCP connection with no dial
// timeout: an unreachable host blocks for as long as the kernel retries SYNs.
func FraudScore(addr, customer string) (byte, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(customer + "\n")); err != nil {
		return 0, err
	}
	buf := make([]byte, 1)
	_, err = conn.Read(buf)
	return buf[0], err
}
