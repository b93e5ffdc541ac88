// Package regress holds cases that once went wrong, and shapes seen in the
// real-code corpus (consul, minio-go, grpc) pinned down so they stay decided.
package regress

import (
	"net"
	"net/http"
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
