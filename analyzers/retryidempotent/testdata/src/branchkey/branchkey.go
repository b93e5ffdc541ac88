package branchkey

// Retried POSTs whose idempotency key is set on some paths only.

import (
	"bytes"
	"context"
	"net/http"
	"time"
)

func post(ctx context.Context, url string, body []byte) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
}

// The key is set only when the caller asks: the other attempts carry none.
func charge(ctx context.Context, c *http.Client, url, key string, body []byte, withKey bool) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		req, rerr := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body)) // want `retried POST request gets an Idempotency-Key header only on one branch \(the if at line 24\), so the attempts on the other paths carry none`
		if rerr != nil {
			return rerr
		}
		if withKey {
			req.Header.Set("Idempotency-Key", key)
		}
		resp, derr := c.Do(req)
		if derr == nil {
			return resp.Body.Close()
		}
		err = derr
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

// A switch without a default: an unknown tier sends no key.
func refund(ctx context.Context, c *http.Client, url, key, tier string) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		req, rerr := http.NewRequestWithContext(ctx, http.MethodPost, url, nil) // want `only on one branch \(the switch at line 45\)`
		if rerr != nil {
			return rerr
		}
		switch tier {
		case "gold":
			req.Header.Set("Idempotency-Key", key)
		case "silver":
			req.Header["Idempotency-Key"] = []string{key}
		}
		if _, err = c.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

// Negatives.

// Both branches of the if set a key.
func both(ctx context.Context, c *http.Client, url, key, alt string, primary bool) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		req, rerr := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
		if rerr != nil {
			return rerr
		}
		if primary {
			req.Header.Set("Idempotency-Key", key)
		} else {
			req.Header.Set("Idempotency-Key", alt)
		}
		if _, err = c.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

// A switch whose every clause, default included, sets the key.
func everyCase(ctx context.Context, c *http.Client, url, key, tier string) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		req, rerr := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
		if rerr != nil {
			return rerr
		}
		switch tier {
		case "gold":
			req.Header.Set("Idempotency-Key", "gold-"+key)
		default:
			req.Header.Set("Idempotency-Key", key)
		}
		if _, err = c.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

// The request is created and keyed on the same branch; the other branch
// sends a GET.
func created(ctx context.Context, c *http.Client, url, key string, write bool) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var req *http.Request
		if write {
			req, err = http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
			if err != nil {
				return err
			}
			req.Header.Set("Idempotency-Key", key)
		} else {
			req, err = http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				return err
			}
		}
		if _, err = c.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

// A helper that sets the key only when its caller gives one is not
// reported by itself: its callers choose.
func send(ctx context.Context, c *http.Client, url, key string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	_, err = c.Do(req)
	return err
}

func callsSend(ctx context.Context, c *http.Client, url, key string) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = send(ctx, c, url, key); err == nil {
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}
