// Package boundedsends holds clients without a Timeout whose every request
// carries a context with a deadline (issue 10, class 1): the deadline
// bounds each exchange as a Timeout would, so they are not reported; and
// the near misses, where some send through the same holder has no
// deadline, or the holder is reachable from other packages.
package boundedsends

import (
	"context"
	"net/http"
	"time"
)

// forwarder keeps its client in an unexported field and sends only with
// a deadline made where it sends.
type forwarder struct {
	client *http.Client
	target string
}

func newForwarder(target string) *forwarder {
	return &forwarder{
		client: &http.Client{
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		target: target,
	}
}

func (f *forwarder) forward(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	req := r.Clone(ctx)
	return f.client.Do(req)
}

func (f *forwarder) ping() (*http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.target, nil)
	if err != nil {
		return nil, err
	}
	return f.client.Do(req)
}

func (f *forwarder) close() { f.client.CloseIdleConnections() }

// A local client used once, with a deadline on its request.
func fetch(url string) error {
	c := &http.Client{}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// mixed sends one request with a deadline and one without through the
// same field: reported.
type mixed struct {
	client *http.Client
}

func newMixed() *mixed {
	return &mixed{client: &http.Client{}} // want "http.Client sets no Timeout"
}

func (m *mixed) bounded(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	_, err = m.client.Do(req)
	return err
}

func (m *mixed) unbounded(url string) error {
	_, err := m.client.Get(url)
	return err
}

// Exported keeps its client in an exported field, which other packages
// can send through: reported.
type Exported struct {
	Client *http.Client
}

func NewExported() *Exported {
	return &Exported{Client: &http.Client{}} // want "http.Client sets no Timeout"
}

func (e *Exported) Send(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	_, err = e.Client.Do(req)
	return err
}

// handedOn passes the client to code that may send without a deadline:
// reported.
func handedOn(use func(*http.Client)) {
	c := &http.Client{} // want "http.Client sets no Timeout"
	use(c)
}

// A request whose context has no deadline: reported.
func noDeadline(url string) error {
	c := &http.Client{} // want "http.Client sets no Timeout"
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	_, err = c.Do(req)
	return err
}

// A client never used to send is the finding of whoever sends through it
// later; here nothing does, and it is reported as any literal is.
func unused() *http.Client {
	return &http.Client{} // want "http.Client sets no Timeout"
}

var _ = []any{newForwarder, fetch, newMixed, handedOn, noDeadline, unused}
