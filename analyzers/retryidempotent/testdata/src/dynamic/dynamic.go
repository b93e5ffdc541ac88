package dynamic // want package:"has idempotency facts"

// Retries of calls through interfaces and function values: the analyzer
// follows what the package stores into the field or variable called
// through.

import (
	"bytes"
	"context"
	"net/http"
	"time"
)

type publisher interface {
	Publish(ctx context.Context, body []byte) error
}

// webhook POSTs each event without an idempotency key.
type webhook struct {
	client *http.Client
	url    string
}

func (w *webhook) Publish(ctx context.Context, body []byte) error { // want Publish:`not idempotent: sends a POST request without an Idempotency-Key header \(via http.NewRequestWithContext\)`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// mirror GETs, which is safe to repeat.
type mirror struct {
	client *http.Client
	url    string
}

func (m *mirror) Publish(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.url, nil)
	if err != nil {
		return err
	}
	resp, err := m.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// deduped POSTs to a receiver that deduplicates.
type deduped struct{ webhook }

// Publish is safe to repeat: the receiver drops events it has seen.
//
//nines:idempotent
func (d *deduped) Publish(ctx context.Context, body []byte) error {
	return d.webhook.Publish(ctx, body)
}

type relay struct {
	out  publisher
	send func(ctx context.Context, body []byte) error
}

func newRelay(c *http.Client, url string) *relay {
	w := &webhook{client: c, url: url}
	return &relay{out: w, send: w.Publish}
}

func (r *relay) forward(ctx context.Context, body []byte) error { // want forward:`not idempotent: sends a POST request without an Idempotency-Key header \(via dynamic.webhook.Publish, http.NewRequestWithContext\)`
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = r.out.Publish(ctx, body); err == nil { // want `retried call to webhook.Publish through field relay.out, which sends a POST request without an Idempotency-Key header \(via http.NewRequestWithContext\)`
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

func (r *relay) forwardFunc(ctx context.Context, body []byte) error { // want forwardFunc:`not idempotent: sends a POST request without an Idempotency-Key header \(via dynamic.webhook.Publish, http.NewRequestWithContext\)`
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = r.send(ctx, body); err == nil { // want `retried call to webhook.Publish through field relay.send, which sends a POST`
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

// A local variable of interface type holding a concrete value.
func announce(ctx context.Context, c *http.Client, body []byte) error { // want announce:`not idempotent: sends a POST request without an Idempotency-Key header \(via dynamic.webhook.Publish, http.NewRequestWithContext\)`
	var p publisher = &webhook{client: c, url: "https://hooks.example.com/in"}
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = p.Publish(ctx, body); err == nil { // want `retried call to webhook.Publish through variable p, which sends a POST`
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

// A field given two implementations in two constructors: one POSTs.
type fanout struct{ sink publisher }

func newMirrorFanout(c *http.Client) *fanout { return &fanout{sink: &mirror{client: c}} }

func newWebhookFanout(c *http.Client) *fanout {
	f := &fanout{}
	f.sink = &webhook{client: c}
	return f
}

func (f *fanout) push(ctx context.Context, body []byte) error { // want push:`not idempotent: sends a POST request without an Idempotency-Key header \(via dynamic.webhook.Publish, http.NewRequestWithContext\)`
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = f.sink.Publish(ctx, body); err == nil { // want `retried call to webhook.Publish through field fanout.sink`
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

// Negatives.

// A field that only ever holds the GET implementation.
type reader struct{ src publisher }

func newReader(c *http.Client) *reader { return &reader{src: &mirror{client: c}} }

func (r *reader) poll(ctx context.Context) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = r.src.Publish(ctx, nil); err == nil { // a GET: safe to repeat
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

// A field holding an implementation marked //nines:idempotent.
type safeRelay struct{ out publisher }

func newSafeRelay(c *http.Client) *safeRelay {
	return &safeRelay{out: &deduped{webhook{client: c}}}
}

func (r *safeRelay) forward(ctx context.Context, body []byte) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = r.out.Publish(ctx, body); err == nil { // deduplicated by the receiver
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}

// An interface parameter: what it holds is decided by the caller, which
// the analysis does not follow.
func deliver(ctx context.Context, p publisher, body []byte) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = p.Publish(ctx, body); err == nil {
			return nil
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	return err
}
