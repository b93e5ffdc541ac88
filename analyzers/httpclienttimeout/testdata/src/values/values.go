// Package values holds the shapes of issue 10's classes 1 (bounds set
// where the analyzer once did not look) and 7 (clients handed on as
// values), written from the class descriptions.
package values

import (
	"context"
	"net/http"
	"time"
)

// Class 1: a context with a deadline made in the same function bounds the
// request sent through http.DefaultClient.
func deadlineHere(u string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req) // fine: ctx has a deadline
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// WithDeadline, wrapped by WithValue, is still a deadline.
func deadlineWrapped(u string) {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Minute))
	defer cancel()
	ctx = context.WithValue(ctx, key{}, 1)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	http.DefaultClient.Do(req) // fine: the deadline survives WithValue
}

type key struct{}

// A context without a deadline does not bound the request.
func noDeadline(u string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	http.DefaultClient.Do(req) // want `\(\*http\.Client\)\.Do on http\.DefaultClient`
}

// http.NewRequest carries context.Background.
func plainRequest(u string) {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	http.DefaultClient.Do(req) // want `\(\*http\.Client\)\.Do on http\.DefaultClient`
}

// A context received from callers that all set a deadline.
func Fetch(u string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	fetch(ctx, u)
}

func fetch(ctx context.Context, u string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	http.DefaultClient.Do(req) // fine: the only caller passes a deadline
}

// One caller without a deadline is enough to keep the finding.
func FetchBoth(u string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	fetchMixed(ctx, u)
	fetchMixed(context.Background(), u)
}

func fetchMixed(ctx context.Context, u string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	http.DefaultClient.Do(req) // want `\(\*http\.Client\)\.Do on http\.DefaultClient`
}

// An exported function can be called from anywhere.
func FetchExported(ctx context.Context, u string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	http.DefaultClient.Do(req) // want `\(\*http\.Client\)\.Do on http\.DefaultClient`
}

// A context replaced before each send.
func replaced(u string) {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for range 3 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		req = req.WithContext(ctx)
		http.DefaultClient.Do(req) // fine: replaced with a deadline just before
		cancel()
	}
}

// Replaced with a context that has none.
func replacedNoDeadline(u string) {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req = req.WithContext(context.TODO())
	http.DefaultClient.Do(req) // want `\(\*http\.Client\)\.Do on http\.DefaultClient`
}

// Class 7: http.DefaultClient handed on as a value.
type api struct{ client *http.Client }

func storedInField() *api {
	return &api{client: http.DefaultClient} // want `http\.DefaultClient, which has no timeout, is stored in api\.client`
}

func assignedToField(a *api) {
	a.client = http.DefaultClient // want `http\.DefaultClient, which has no timeout, is stored in a\.client`
}

func newAPI(c *http.Client) *api { return &api{client: c} }

func passed() *api {
	return newAPI(http.DefaultClient) // want `http\.DefaultClient, which has no timeout, is passed to newAPI`
}

func returned() *http.Client {
	return http.DefaultClient // want `http\.DefaultClient, which has no timeout, is returned`
}

func copied() *http.Client {
	c := *http.DefaultClient // want `a copy of http\.DefaultClient has no Timeout`
	return &c
}

func copiedBounded() *http.Client {
	c := *http.DefaultClient // fine: the copy's Timeout is set
	c.Timeout = 10 * time.Second
	return &c
}

func zeroByNew() *http.Client {
	return new(http.Client) // want `http\.Client sets no Timeout`
}

func newBounded() *http.Client {
	c := new(http.Client) // fine: Timeout set below
	c.Timeout = time.Second
	return c
}
