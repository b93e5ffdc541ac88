// Example: retrybackoff: retries without jittered backoff
package main

import (
	"context"
	"errors"
	"time"
)

func send(ctx context.Context, msg string) error { return errors.New("unavailable") }

func publish(ctx context.Context, msg string) error {
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		if err = send(ctx, msg); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond << attempt)
	}
	return err
}

func main() {}
