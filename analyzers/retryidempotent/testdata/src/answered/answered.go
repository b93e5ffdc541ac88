package answered // want package:"has idempotency facts"

// Retries of writes that go around only after the server answered, and
// ones that may also go around after a lost reply or after an answer that
// does not say the write was refused.

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"time"
)

var errUnavailable = errors.New("unavailable")

type ledger struct {
	hc      *http.Client
	base    string
	refresh func(status int) bool
}

// retryWithNewToken asks the caller's policy whether new credentials are
// worth one more try; which statuses it accepts is the caller's business.
func (l *ledger) retryWithNewToken(resp *http.Response) bool {
	if l.refresh == nil || !l.refresh(resp.StatusCode) {
		return false
	}
	resp.Body.Close()
	return true
}

// token fetches a bearer token; a failure to get one is retried.
func (l *ledger) token(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.base+"/token", nil)
	if err != nil {
		return "", err
	}
	resp, err := l.hc.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	return resp.Header.Get("X-Token"), nil
}

// retryable is a policy of the package that accepts a gateway's failure.
func retryable(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusBadGateway, http.StatusServiceUnavailable:
		return true
	}
	return false
}

// Negative cases: the send's error leaves, and only a refusal goes around.

// The write is repeated once, after an error reply that the policy takes
// for expired credentials; a lost reply returns.
func (l *ledger) appendEntry(ctx context.Context, body []byte) (*http.Response, error) { // want appendEntry:"not idempotent"
	again := false
again:
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/entries", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	resp, err := l.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		if !again && l.retryWithNewToken(resp) {
			again = true
			goto again
		}
		return nil, errUnavailable
	}
	return resp, nil
}

// An explicit 401 goes around after a token refresh.
func (l *ledger) openAccount(ctx context.Context, body []byte) error { // want openAccount:"not idempotent"
	for attempt := 0; attempt < 3; attempt++ {
		tok, err := l.token(ctx)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/accounts", bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", tok)
		resp, err := l.hc.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusUnauthorized {
			continue
		}
		return nil
	}
	return errUnavailable
}

// Refusals listed in a switch on the status, the status read into a
// variable first.
func (l *ledger) transfer(ctx context.Context, body []byte) error { // want transfer:"not idempotent"
	for attempt := 0; attempt < 3; attempt++ {
		if _, err := l.token(ctx); err != nil {
			time.Sleep(time.Second)
			continue
		}
		resp, err := l.hc.Post(l.base+"/transfers", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		resp.Body.Close()
		code := resp.StatusCode
		switch code {
		case http.StatusForbidden, http.StatusConflict, http.StatusTooManyRequests:
			time.Sleep(time.Second)
			continue
		}
		return nil
	}
	return errUnavailable
}

// A rate limiter's refusal, or any client error but a timeout, goes around.
func (l *ledger) enqueue(ctx context.Context, body []byte) error { // want enqueue:"not idempotent"
	for attempt := 0; attempt < 5; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/jobs", bytes.NewReader(body))
		if err != nil {
			return err
		}
		resp, err := l.hc.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			time.Sleep(time.Duration(attempt+1) * time.Second)
			continue
		}
		if resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusRequestTimeout && retryable(resp) {
			continue
		}
		return nil
	}
	return errUnavailable
}

// Positive cases.

// The transport error goes around: the reply of a write that got through
// may be the one that was lost.
func (l *ledger) postOnFailure(ctx context.Context, body []byte) error { // want postOnFailure:"not idempotent"
	for attempt := 0; attempt < 3; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/entries", bytes.NewReader(body)) // want `retried POST request has no Idempotency-Key header: an attempt whose reply was lost is applied again`
		if err != nil {
			return err
		}
		resp, err := l.hc.Do(req)
		if err != nil || resp.StatusCode == http.StatusUnauthorized {
			time.Sleep(time.Second)
			continue
		}
		resp.Body.Close()
		return nil
	}
	return errUnavailable
}

// A 5xx goes around: the server may have applied the write before it
// failed to answer.
func (l *ledger) postOnServerError(ctx context.Context, body []byte) error { // want postOnServerError:"not idempotent"
	for attempt := 0; attempt < 3; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/entries", bytes.NewReader(body)) // want `retried POST request has no Idempotency-Key header: it is repeated after a 5xx reply, which a server may send after applying the write`
		if err != nil {
			return err
		}
		resp, err := l.hc.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode >= http.StatusInternalServerError {
			time.Sleep(time.Second)
			continue
		}
		return nil
	}
	return errUnavailable
}

// Any error answer goes around by itself, a 502 from a gateway among them.
func (l *ledger) postOnAnyError(ctx context.Context, body []byte) error { // want postOnAnyError:"not idempotent"
	tries := 0
again:
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/entries", bytes.NewReader(body)) // want `it is repeated after a 408 or 5xx reply, which a server may send after applying the write`
	if err != nil {
		return err
	}
	resp, err := l.hc.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 && tries < 2 {
		tries++
		goto again
	}
	return nil
}

// A timeout answer goes around.
func (l *ledger) postOnTimeout(ctx context.Context, body []byte) error { // want postOnTimeout:"not idempotent"
	for attempt := 0; attempt < 3; attempt++ {
		if _, err := l.token(ctx); err != nil {
			time.Sleep(time.Second)
			continue
		}
		resp, err := l.hc.Post(l.base+"/entries", "application/json", bytes.NewReader(body)) // want `it is repeated after a 408 reply`
		if err != nil {
			return err
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusUnauthorized, http.StatusRequestTimeout:
			continue
		}
		return nil
	}
	return errUnavailable
}

// The policy the go-around asks is the package's own, and it accepts a
// gateway's failure.
func (l *ledger) postOnTransient(ctx context.Context, body []byte) error { // want postOnTransient:"not idempotent"
	for attempt := 0; attempt < 3; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/entries", bytes.NewReader(body)) // want `it is repeated after a 408 or 5xx reply, which a server may send after applying the write`
		if err != nil {
			return err
		}
		resp, err := l.hc.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode >= 400 && retryable(resp) {
			continue
		}
		return nil
	}
	return errUnavailable
}

// The refusal tested is another request's: the write before it got
// through, and goes again.
func (l *ledger) postThenConfirm(ctx context.Context, body []byte) error { // want postThenConfirm:"not idempotent"
	for attempt := 0; attempt < 3; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/entries", bytes.NewReader(body)) // want `retried POST request has no Idempotency-Key header`
		if err != nil {
			return err
		}
		resp, err := l.hc.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		check, err := l.hc.Get(l.base + "/entries/last")
		if err != nil {
			return err
		}
		check.Body.Close()
		if check.StatusCode == http.StatusTooManyRequests {
			continue
		}
		return nil
	}
	return errUnavailable
}

// Falling off the end of the body goes around whatever happened.
func (l *ledger) postUntilAccepted(ctx context.Context, body []byte) error { // want postUntilAccepted:"not idempotent"
	for attempt := 0; attempt < 3; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/entries", bytes.NewReader(body)) // want `an attempt whose reply was lost is applied again`
		if err != nil {
			return err
		}
		resp, err := l.hc.Do(req)
		if err == nil && resp.StatusCode == http.StatusUnauthorized {
			resp.Body.Close()
			continue
		}
		if err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(time.Second)
	}
	return errUnavailable
}
