// Package checkout retries a charge from another package of the module.
package checkout

import (
	"context"
	"time"

	"example.com/factsmod/billing"
)

// Pay retries billing.Charge, which is unsafe to repeat.
func Pay(ctx context.Context, customer string) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = billing.Charge(customer); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt) * time.Second):
		}
	}
	return err
}
