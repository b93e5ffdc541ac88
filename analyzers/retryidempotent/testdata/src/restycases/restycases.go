package restycases // want package:"has idempotency facts"

import (
	"context"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/google/uuid"
)

type order struct{ Cents int }

func chainWithoutKey(ctx context.Context, c *resty.Client) error { // want chainWithoutKey:`sends a POST request without an Idempotency-Key header \(via resty.Request.Post\)`
	var err error
	for i := 0; i < 3; i++ {
		_, err = c.R().SetContext(ctx).SetBody(order{100}).Post("https://pay.example/charges") // want `retried POST request has no Idempotency-Key header`
		if err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

func builderFreshKey(ctx context.Context, c *resty.Client) error { // want builderFreshKey:`sends a PATCH request with an Idempotency-Key generated on every call \(uuid.NewString\) \(via resty.Request.Execute\)`
	for i := 0; i < 3; i++ {
		r := c.R().SetBody(order{100})
		r.SetHeader("Idempotency-Key", uuid.NewString())
		if _, err := r.Execute("PATCH", "https://pay.example/charges/1"); err == nil { // want `retried PATCH request gets a new Idempotency-Key on every attempt \(from uuid.NewString\)`
			return nil
		}
		time.Sleep(time.Second)
	}
	return nil
}

// Negative cases.

func chainWithKey(ctx context.Context, c *resty.Client, key string) error {
	var err error
	for i := 0; i < 3; i++ {
		_, err = c.R().SetHeader("Idempotency-Key", key).SetBody(order{100}).Post("https://pay.example/charges")
		if err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

func builderWithHeaders(ctx context.Context, c *resty.Client, headers map[string]string) error {
	for i := 0; i < 3; i++ {
		r := c.R().SetHeaders(headers)
		if _, err := r.Post("https://pay.example/charges"); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return nil
}

func gets(c *resty.Client) error {
	for i := 0; i < 3; i++ {
		if _, err := c.R().Get("https://api.example/orders"); err == nil {
			return nil
		}
		if _, err := c.R().Put("https://api.example/orders/1"); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return nil
}
