// Example: welcome: a payments client that can wait forever
//
// nines finds the waits that have no bound and the retries that make an
// outage worse. Edit the code: findings update as you type. Click Fix to
// apply a suggested fix, or follow a rule's name to its documentation.
package main

import (
	"context"
	"database/sql"
	"net/http"
)

type Payments struct {
	db     *sql.DB
	client *http.Client
}

func NewPayments(db *sql.DB) *Payments {
	return &Payments{db: db, client: &http.Client{}}
}

func (p *Payments) Amount(ctx context.Context, orderID string) (int64, error) {
	var cents int64
	err := p.db.QueryRow("SELECT cents FROM orders WHERE id = $1", orderID).Scan(&cents)
	return cents, err
}

func (p *Payments) Healthy() bool {
	resp, err := http.Get("https://payments.internal/health")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func main() {}
