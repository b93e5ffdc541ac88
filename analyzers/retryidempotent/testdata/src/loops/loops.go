package loops // want package:"has idempotency facts"

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"checkout"
	"github.com/google/uuid"
	"payments"
)

var client = &http.Client{Timeout: 10 * time.Second}

var errTemporary = errors.New("temporary")

// Positive cases: an unsafe operation created inside a retry loop.

func postCounted(ctx context.Context, body []byte) error { // want postCounted:`not idempotent: sends a POST request without an Idempotency-Key header \(via http\.NewRequestWithContext\)`
	var err error
	for i := 0; i < 3; i++ {
		req, rerr := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", bytes.NewReader(body)) // want `retried POST request has no Idempotency-Key header: an attempt whose reply was lost is applied again; set an Idempotency-Key header generated once outside the retry, or mark the function //nines:idempotent if the server deduplicates`
		if rerr != nil {
			return rerr
		}
		var resp *http.Response
		resp, err = client.Do(req)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(time.Second << i)
	}
	return err
}

func postRangeInt(body []byte) error { // want postRangeInt:`not idempotent: sends a POST request without an Idempotency-Key header \(via http\.Post\)`
	var err error
	for i := range 4 {
		resp, perr := http.Post("https://pay.example/charges", "application/json", bytes.NewReader(body)) // want `retried http.Post sends a POST request that cannot carry an Idempotency-Key header: .*build the request with http.NewRequest`
		if perr == nil {
			resp.Body.Close()
			return nil
		}
		err = perr
		time.Sleep(time.Duration(i) * time.Second)
	}
	return err
}

func patchWhileCond(ctx context.Context) error { // want patchWhileCond:`not idempotent: sends a PATCH request without an Idempotency-Key header \(via http\.NewRequestWithContext\)`
	attempts := 0
	var err error = errTemporary
	for err != nil && attempts < 3 {
		attempts++
		var req *http.Request
		req, err = http.NewRequestWithContext(ctx, http.MethodPatch, "https://api.example/orders/1", nil) // want `retried PATCH request has no Idempotency-Key header`
		if err != nil {
			continue
		}
		_, err = client.Do(req)
	}
	return err
}

func clientPostLabelled(urls []string) error { // want clientPostLabelled:`not idempotent: sends a POST request without an Idempotency-Key header \(via http\.Client\.Post\)`
outer:
	for attempt := 0; attempt < 3; attempt++ {
		for _, u := range urls {
			resp, err := client.Post(u, "text/plain", nil) // want `retried http.Client.Post sends a POST request`
			if err != nil {
				time.Sleep(time.Second)
				continue outer
			}
			resp.Body.Close()
		}
		return nil
	}
	return errTemporary
}

func freshKeyInLoop(ctx context.Context) error { // want freshKeyInLoop:`not idempotent: sends a POST request with an Idempotency-Key generated on every call \(uuid\.NewString\) \(via http\.NewRequestWithContext\)`
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, "POST", "https://pay.example/charges", nil) // want `retried POST request gets a new Idempotency-Key on every attempt \(from uuid.NewString\), so the server cannot recognise the repeat; generate the key once outside the retry`
		req.Header.Set("Idempotency-Key", uuid.NewString())
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func freshKeyVariable(ctx context.Context) error { // want freshKeyVariable:`not idempotent: sends a POST request with an Idempotency-Key generated on every call \(uuid\.New\) \(via http\.NewRequestWithContext\)`
	for i := 0; i < 3; i++ {
		id := uuid.New()
		key := "order-" + id.String()
		req, _ := http.NewRequestWithContext(ctx, "POST", "https://pay.example/charges", nil) // want `new Idempotency-Key on every attempt \(from uuid.New\)`
		req.Header["Idempotency-Key"] = []string{key}
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func createdOutsideSentInside(ctx context.Context) error { // want createdOutsideSentInside:`not idempotent: sends a POST request without an Idempotency-Key header \(via http\.NewRequestWithContext\)`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
	if err != nil {
		return err
	}
	for i := 0; i < 3; i++ {
		resp, err := client.Do(req) // want `retried POST request has no Idempotency-Key header`
		if err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func requestLiteral(ctx context.Context) error { // want requestLiteral:`not idempotent: sends a POST request without an Idempotency-Key header \(via http\.Request literal\)`
	for i := 0; i < 3; i++ {
		req := &http.Request{Method: "POST", Header: http.Header{"Content-Type": {"text/plain"}}} // want `retried POST request has no Idempotency-Key header`
		if _, err := client.Do(req.WithContext(ctx)); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func helperSamePackage(ctx context.Context) error { // want helperSamePackage:`not idempotent: sends a POST request without an Idempotency-Key header \(via loops\.chargeCard, http\.Post\)`
	for i := 0; i < 3; i++ {
		if err := chargeCard(ctx); err == nil { // want `retried call to chargeCard, which sends a POST request without an Idempotency-Key header \(via http.Post\): an attempt whose reply was lost is applied again; pass it an Idempotency-Key generated once outside the retry, or mark chargeCard //nines:idempotent if it is safe`
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func chargeCard(ctx context.Context) error { // want chargeCard:`not idempotent: sends a POST request without an Idempotency-Key header \(via http.Post\)`
	_, err := http.Post("https://pay.example/charges", "application/json", nil)
	return err
}

func helperOtherPackages(ctx context.Context, c *payments.Client, db *sql.DB) error { // want helperOtherPackages:`not idempotent: sends a POST request without an Idempotency-Key header \(via checkout\.PlaceOrder, payments\.Client\.Charge, http\.NewRequestWithContext\)`
	for i := 0; i < 3; i++ {
		err := checkout.PlaceOrder(ctx, c) // want `retried call to checkout.PlaceOrder, which sends a POST request without an Idempotency-Key header \(via payments.Client.Charge, http.NewRequestWithContext\)`
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		if err := checkout.Book(ctx, db); err != nil { // want `retried call to checkout.Book, which inserts into ledger without conflict handling \(via payments.Record, sql.DB.ExecContext\): an attempt that committed before its reply was lost adds a duplicate row; use ON CONFLICT in its INSERT`
			continue
		}
		return nil
	}
	return errTemporary
}

func freshKeyHelper(ctx context.Context, c *payments.Client) error { // want freshKeyHelper:`not idempotent: sends a POST request with an Idempotency-Key generated on every call \(uuid\.NewString\) \(via payments\.Client\.ChargeFreshKey, http\.NewRequestWithContext\)`
	for {
		if err := c.ChargeFreshKey(ctx); err != nil { // want `retried call to payments.Client.ChargeFreshKey, which sends a POST request with an Idempotency-Key generated on every call \(uuid.NewString\)`
			time.Sleep(time.Second)
			continue
		}
		return nil
	}
}

func markedInterface(ctx context.Context, g payments.Gateway) error { // want markedInterface:`not idempotent: is marked //nines:not-idempotent \(via payments\.Gateway\.Capture\)`
	for i := 0; i < 3; i++ {
		if err := g.Capture(ctx, "p-1"); err == nil { // want `retried call to payments.Gateway.Capture, which is marked //nines:not-idempotent`
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

//nines:not-idempotent
func transfer(ctx context.Context) error { // want transfer:`not idempotent: is marked //nines:not-idempotent`
	return nil
}

func markedFunction(ctx context.Context) error { // want markedFunction:`not idempotent: is marked //nines:not-idempotent \(via loops\.transfer\)`
	for i := 0; i < 3; i++ {
		if err := transfer(ctx); err == nil { // want `retried call to transfer, which is marked //nines:not-idempotent`
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

// stateMachine retries the charge state until it succeeds.
func stateMachine(ctx context.Context) error { // want stateMachine:`not idempotent: sends a POST request without an Idempotency-Key header \(via http\.Post\)`
	const (
		charging = iota
		done
	)
	state := charging
	for attempt := 0; attempt < 5; attempt++ {
		switch state {
		case charging:
			if _, err := http.Post("https://pay.example/charges", "text/plain", nil); err != nil { // want `retried http.Post sends a POST request`
				time.Sleep(time.Second)
				continue
			}
			state = done
		case done:
			return nil
		}
	}
	return errTemporary
}

// Negative cases.

func keyedOutside(ctx context.Context, body []byte) error { // want keyedOutside:`not idempotent: sends a POST request with an Idempotency-Key generated on every call \(uuid\.NewString\) \(via http\.NewRequestWithContext\)`
	key := uuid.NewString() // generated once: every attempt sends the same key
	for i := 0; i < 3; i++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Idempotency-Key", key)
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func keyedByIndex(ctx context.Context, key string) error {
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
		req.Header["X-Idempotency-Key"] = []string{key}
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func keyedByHeaderMap(ctx context.Context, key string) error {
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
		h := make(http.Header)
		h.Set("idempotency-key", key)
		req.Header = h
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func keyedByLiteral(ctx context.Context, key string) error {
	for i := 0; i < 3; i++ {
		req := &http.Request{Method: http.MethodPost, Header: http.Header{"Idempotency-Key": {key}}}
		if _, err := client.Do(req.WithContext(ctx)); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func keyedByHelper(ctx context.Context, key string) error {
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
		payments.AddKey(req, key)
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func keyedOnClone(ctx context.Context, key string) error {
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequest(http.MethodPost, "https://pay.example/charges", nil)
		r2 := req.WithContext(ctx)
		r2.Header.Set("Idempotency-Key", key)
		if _, err := client.Do(r2); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func computedHeaderName(ctx context.Context, headers map[string]string) error {
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
		for k, v := range headers {
			req.Header.Set(k, v) // may well be the key: not judged
		}
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func createdOutsideKeyedOutside(ctx context.Context, key string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Idempotency-Key", key)
	for i := 0; i < 3; i++ {
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func getAndPut(ctx context.Context) error {
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://api.example/orders/1", nil)
		if _, err := client.Do(req); err != nil {
			time.Sleep(time.Second)
			continue
		}
		put, _ := http.NewRequestWithContext(ctx, http.MethodPut, "https://api.example/orders/1", nil)
		if _, err := client.Do(put); err != nil {
			time.Sleep(time.Second)
			continue
		}
		return nil
	}
	return errTemporary
}

func dynamicMethod(ctx context.Context, method string) error { // want dynamicMethod:`sends a request with the method of parameter 1`
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, method, "https://api.example/orders/1", nil)
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func notARetry(urls []string) error { // want notARetry:`not idempotent: sends a POST request without an Idempotency-Key header \(via http\.Post\)`
	for _, u := range urls { // a range over a slice sends each request once
		if _, err := http.Post(u, "text/plain", nil); err != nil {
			return err
		}
	}
	return nil
}

func eventLoop(ctx context.Context, events <-chan string) error { // want eventLoop:`not idempotent: sends a POST request without an Idempotency-Key header \(via http\.Post\)`
	for ev := range events {
		if _, err := http.Post("https://hooks.example/"+ev, "text/plain", nil); err != nil {
			return err
		}
	}
	return nil
}

func postAfterSuccess(ctx context.Context) error { // want postAfterSuccess:`not idempotent: sends a POST request without an Idempotency-Key header \(via http\.Post\)`
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://api.example/ready", nil)
		if _, err := client.Do(req); err != nil {
			time.Sleep(time.Second)
			continue
		}
		// Runs once, on the way out of the loop.
		_, err := http.Post("https://hooks.example/ready", "text/plain", nil)
		return err
	}
	return errTemporary
}

func helperWithKey(ctx context.Context, c *payments.Client, key string) error {
	for i := 0; i < 3; i++ {
		if err := checkout.PlaceOrderOnce(ctx, c, key); err == nil {
			return nil
		}
		if err := c.Refund(ctx); err == nil { // declared //nines:idempotent
			return nil
		}
		if err := checkout.Refund(ctx, c); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func builtByConstructor(ctx context.Context, key string) error {
	for i := 0; i < 3; i++ {
		req, err := payments.NewChargeRequest(ctx, "https://pay.example")
		if err != nil {
			return err
		}
		req.Header.Set("Idempotency-Key", key)
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

// deduplicated is declared safe: the server keys charges by order id, so
// its own retry loop is not reported either.
//
//nines:idempotent
func deduplicated(ctx context.Context) error {
	for i := 0; i < 3; i++ {
		if _, err := http.Post("https://pay.example/orders/1/charge", "text/plain", nil); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func callsDeduplicated(ctx context.Context) error {
	for i := 0; i < 3; i++ {
		if err := deduplicated(ctx); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("giving up")
}

func notRetriedHelper(ctx context.Context) error { // want notRetriedHelper:`not idempotent: sends a POST request without an Idempotency-Key header \(via loops\.chargeCard, http\.Post\)`
	// A non-idempotent call outside any retry is fine.
	return chargeCard(ctx)
}

func safeEndpoints(ctx context.Context, base string) error {
	for i := 0; i < 3; i++ {
		if _, err := http.PostForm("https://auth.example/oauth2/token", nil); err != nil {
			continue
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/orders/_search", nil)
		if _, err := client.Do(req); err != nil {
			continue
		}
		if _, err := http.Post(fmt.Sprintf("%s/api/v1/query", base), "text/plain", nil); err != nil {
			continue
		}
		return nil
	}
	return errTemporary
}

// buildOnly retries building the request; it is sent once, after the loop.
func buildOnly(ctx context.Context) error { // want buildOnly:`sends a POST request without an Idempotency-Key header \(via http.NewRequestWithContext\)`
	var req *http.Request
	var err error
	for i := 0; i < 3; i++ {
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
		if err == nil {
			break
		}
		time.Sleep(time.Second)
	}
	if err != nil {
		return err
	}
	_, err = client.Do(req)
	return err
}

func passedToRetryHelper(ctx context.Context, key string) error { // want passedToRetryHelper:`sends a POST request without an Idempotency-Key header \(via http.NewRequestWithContext\)`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
	if err != nil {
		return err
	}
	_, err = payments.RetryDo(client, req, 3) // want `request passed to payments.RetryDo, which retries it, is a POST without an Idempotency-Key header`
	if err != nil {
		return err
	}
	patch, _ := http.NewRequestWithContext(ctx, http.MethodPatch, "https://pay.example/charges/1", nil)
	if err := checkout.Send(patch); err != nil { // want `request passed to checkout.Send, which retries it, is a PATCH without an Idempotency-Key header`
		return err
	}
	keyed, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
	keyed.Header.Set("Idempotency-Key", key)
	if _, err := payments.RetryDo(client, keyed, 3); err != nil {
		return err
	}
	get, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://pay.example/charges", nil)
	_, err = payments.RetryDo(client, get, 3)
	return err
}

func ownRetryHelpers(ctx context.Context, db *sql.DB) error { // want ownRetryHelpers:`inserts into outbox without conflict handling`
	err := payments.WithRetry(3, func() error {
		_, err := db.ExecContext(ctx, "INSERT INTO outbox (topic) VALUES ('paid')") // want `retried INSERT into outbox has no ON CONFLICT clause`
		return err
	})
	if err != nil {
		return err
	}
	if err := checkout.Retried(func() error { return chargeCard(ctx) }); err != nil { // want `retried call to chargeCard`
		return err
	}
	if err := payments.WithRetry(3, chargeNow); err != nil { // want `function chargeNow retried by payments.WithRetry sends a POST request without an Idempotency-Key header \(via loops.chargeCard, http.Post\)`
		return err
	}
	publish := func() error {
		_, err := http.Post("https://hooks.example/paid", "text/plain", nil) // want `retried http.Post sends a POST request`
		return err
	}
	if err := checkout.Retried(publish); err != nil {
		return err
	}
	// Negative: reads are safe to retry.
	return payments.WithRetry(3, func() error {
		_, err := http.Get("https://api.example/health")
		return err
	})
}

func chargeNow() error { // want chargeNow:`via loops.chargeCard, http.Post`
	return chargeCard(context.Background())
}

func headerMapFromOutside(ctx context.Context, key string) error {
	headers := http.Header{"Idempotency-Key": {key}}
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil)
		req.Header = headers
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func headerMapWithoutKey(ctx context.Context) error { // want headerMapWithoutKey:`sends a POST request without an Idempotency-Key header`
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil) // want `retried POST request has no Idempotency-Key header`
		h := http.Header{"Content-Type": {"application/json"}}
		req.Header = h
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func methodInVariable(ctx context.Context) error { // want methodInVariable:`sends a POST request without an Idempotency-Key header`
	method := http.MethodPost
	header := "Idempotency-Key"
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, method, "https://pay.example/charges", nil) // want `retried POST request has no Idempotency-Key header`
		if _, err := client.Do(req); err == nil {
			return nil
		}
		keyed, _ := http.NewRequestWithContext(ctx, method, "https://pay.example/refunds", nil)
		keyed.Header.Set(header, "refund-1")
		if _, err := client.Do(keyed); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func keyedByFreshHelper(ctx context.Context) error { // want keyedByFreshHelper:`generated on every call \(uuid.NewString\)`
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://pay.example/charges", nil) // want `retried POST request gets a new Idempotency-Key on every attempt \(from uuid.NewString\)`
		payments.AddFreshKey(req)
		if _, err := client.Do(req); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errTemporary
}

func requestHelpers(ctx context.Context, c *payments.Client, key string) error { // want requestHelpers:`via payments.Client.CreateOrder, payments.Client.do`
	for i := 0; i < 3; i++ {
		if err := c.CreateOrder(ctx); err != nil { // want `retried call to payments.Client.CreateOrder, which sends a POST request without an Idempotency-Key header \(via payments.Client.do\)`
			time.Sleep(time.Second)
			continue
		}
		req, err := c.NewRequest(ctx, http.MethodPatch, "/orders/1") // want `retried PATCH request has no Idempotency-Key header`
		if err != nil {
			return err
		}
		if _, err := c.HTTP.Do(req); err != nil {
			time.Sleep(time.Second)
			continue
		}
		keyed, _ := c.NewRequest(ctx, http.MethodPost, "/orders")
		keyed.Header.Set("Idempotency-Key", key)
		if _, err := c.HTTP.Do(keyed); err != nil {
			time.Sleep(time.Second)
			continue
		}
		if err := c.GetOrder(ctx); err != nil {
			continue
		}
		if err := c.Token(ctx); err != nil {
			continue
		}
		return nil
	}
	return errTemporary
}
