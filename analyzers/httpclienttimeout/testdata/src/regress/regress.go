// Package regress holds cases that once went wrong, and shapes seen in the
// real-code corpus (consul, minio-go, grpc) pinned down so they stay decided.
package regress

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// Once reported: a clone of http.DefaultTransport dials with its 30s
// timeout; with ResponseHeaderTimeout set on the clone the client is bounded.
func clonedTransport(wait time.Duration) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = wait
	return &http.Client{Transport: t} // fine: dial and headers bounded
}

// Without ResponseHeaderTimeout the clone still waits forever for headers.
func clonedOnly() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return &http.Client{Transport: t} // want `http\.Client sets no Timeout`
}

// The clone made from a checked type assertion, on the same variable:
// every value of t is the default transport or its clone, and the clone's
// ResponseHeaderTimeout is set.
func clonedChecked(wait time.Duration) *http.Client {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		t = t.Clone()
		t.ResponseHeaderTimeout = wait
		return &http.Client{Transport: t} // fine: dial and headers bounded
	}
	return nil
}

// The same shape without ResponseHeaderTimeout waits forever for headers.
func clonedCheckedOnly() *http.Client {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		t = t.Clone()
		t.MaxIdleConns = 10
		return &http.Client{Transport: t} // want `http\.Client sets no Timeout`
	}
	return nil
}

// A variable that may hold another transport is not the default's clone.
func clonedOrOther(wait time.Duration, other *http.Transport) *http.Client {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		t = other
	}
	t = t.Clone()
	t.ResponseHeaderTimeout = wait
	return &http.Client{Transport: t} // want `http\.Client sets no Timeout`
}

// consul/api NewHttpClient: the transport is the caller's, unseen here.
func NewHttpClient(transport *http.Transport) *http.Client {
	client := &http.Client{ // want `http\.Client sets no Timeout`
		Transport: transport,
	}
	return client
}

type identity struct{ Client *http.Client }

// minio-go option: built lazily in a functional option, then only the
// Transport is set.
func WithTransport(t http.RoundTripper) func(*identity) {
	return func(i *identity) {
		if i.Client == nil {
			i.Client = &http.Client{} // want `http\.Client sets no Timeout`
		}
		i.Client.Transport = t
	}
}

// The same option that also bounds the client.
func WithTimeout(d time.Duration) func(*identity) {
	return func(i *identity) {
		if i.Client == nil {
			i.Client = &http.Client{} // fine: i.Client.Timeout set below
		}
		i.Client.Timeout = d
	}
}

// grpc metadata client: a dial timeout alone does not bound a server that
// accepts the connection and never answers.
var metadataClient = &http.Client{ // want `http\.Client sets no Timeout`
	Transport: &http.Transport{
		DialContext: (&net.Dialer{Timeout: 2 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	},
}

// Once a false negative: the same DefaultClient method value handed on.
func register(hooks map[string]func(*http.Request) (*http.Response, error)) {
	hooks["default"] = http.DefaultClient.Do // want `\(\*http\.Client\)\.Do on http\.DefaultClient`
}

// A variable holding DefaultClient that is reassigned to a bounded client
// before use is not the default client.
func reassigned(req *http.Request, d time.Duration) {
	c := http.DefaultClient
	c = &http.Client{Timeout: d}
	c.Do(req) // fine: c may be the bounded client
}

// Class 2 of issue 10: a client whose transport dials only a Unix domain
// socket talks to a process on this machine, not over the network.
func unixSocketClient(path string) *http.Client {
	return &http.Client{ // fine: every dial is to a unix socket
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, "unix", path)
			},
		},
	}
}

func unixSocketDial(path string) *http.Client {
	t := &http.Transport{
		Dial: func(_, _ string) (net.Conn, error) { return net.Dial("unix", path) },
	}
	return &http.Client{Transport: t} // fine: held by a variable, still a unix socket
}

// A dial on the network it is asked for, or one whose network is not a
// constant, goes wherever the request goes.
func passedNetwork() *http.Client {
	return &http.Client{ // want `http.Client sets no Timeout`
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, network, addr)
			},
		},
	}
}

// One branch local, the other over TCP: still a network wait.
func mixedDial(path string, local bool) *http.Client {
	return &http.Client{ // want `http.Client sets no Timeout`
		Transport: &http.Transport{
			Dial: func(_, addr string) (net.Conn, error) {
				if local {
					return net.Dial("unix", path)
				}
				return net.Dial("tcp", addr)
			},
		},
	}
}

// An in-process fake: RoundTrip serves the request with a handler and
// returns the recorded response; nothing is sent.
type muxTransport struct {
	handler http.Handler
	closed  bool
}

func (t *muxTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.closed {
		return nil, errors.New("server closed")
	}
	w := httptest.NewRecorder()
	t.handler.ServeHTTP(w, r.WithContext(r.Context()))
	return w.Result(), nil
}

func fakeClient(h http.Handler) *http.Client {
	return &http.Client{Transport: &muxTransport{handler: h}} // fine: answered in process
}

// A canned response built in RoundTrip is no network wait either.
type canned struct{ body string }

func (c canned) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader(c.body)), Header: http.Header{}}, nil
}

func cannedClient() *http.Client {
	return &http.Client{Transport: canned{body: "ok"}} // fine: answered in process
}

// A transport that hands the request on sends it.
type logging struct{ next http.RoundTripper }

func (l logging) RoundTrip(r *http.Request) (*http.Response, error) {
	fmt.Println(r.URL)
	return l.next.RoundTrip(r)
}

func loggingClient() *http.Client {
	return &http.Client{Transport: logging{next: http.DefaultTransport}} // want `http.Client sets no Timeout`
}

// One that calls anything else may send it: served, but also forwarded.
type tee struct {
	h    http.Handler
	send func(*http.Request) (*http.Response, error)
}

func (t tee) RoundTrip(r *http.Request) (*http.Response, error) {
	t.h.ServeHTTP(httptest.NewRecorder(), r)
	return t.send(r)
}

func teeClient(h http.Handler) *http.Client {
	return &http.Client{Transport: tee{h: h}} // want `http.Client sets no Timeout`
}
