package a

import (
	"net"
	"net/http"
	"time"
)

type Config struct {
	HTTPTimeout time.Duration
	BaseURL     string
}

// ---- positives ----

// A constructor that returns a client without a timeout.
func NewClient(t http.RoundTripper) *http.Client {
	return &http.Client{Transport: t} // want `http\.Client sets no Timeout, so its requests can wait forever; set Timeout to the dependency's p99 latency \+ 20%`
}

type PaymentsAPI struct {
	base   string
	client *http.Client
}

// Stored in a struct field by a constructor.
func NewPaymentsAPI(cfg Config) *PaymentsAPI {
	return &PaymentsAPI{
		base:   cfg.BaseURL,
		client: &http.Client{}, // want `http\.Client sets no Timeout`
	}
}

// A constant zero is no timeout at all.
func zeroTimeout() *http.Client {
	return &http.Client{Timeout: 0} // want `http\.Client sets no Timeout`
}

// Setting it to zero later does not help either.
func zeroLater() http.Client {
	c := http.Client{} // want `http\.Client sets no Timeout`
	c.Timeout = 0
	return c
}

// ResponseHeaderTimeout alone leaves connecting unbounded.
func headerOnly() *http.Client {
	return &http.Client{ // want `http\.Client sets no Timeout`
		Transport: &http.Transport{ResponseHeaderTimeout: 5 * time.Second},
	}
}

// A dialer timeout alone leaves waiting for the response unbounded.
func dialOnly() *http.Client {
	d := &net.Dialer{Timeout: 2 * time.Second}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}} // want `http\.Client sets no Timeout`
}

// A package-level client nobody configures.
var sharedClient = &http.Client{} // want `http\.Client sets no Timeout`

// A copy is another value: setting its Timeout leaves the original unbounded.
func copied(d time.Duration) *http.Client {
	base := http.Client{} // want `http\.Client sets no Timeout`
	c := base
	c.Timeout = d
	return &c
}

// Elements of a pool.
var pool = []*http.Client{{}, {Timeout: time.Second}} // want `http\.Client sets no Timeout`

// ---- negatives ----

func withTimeout() *http.Client {
	return &http.Client{Timeout: 10 * time.Second} // fine: bounded
}

// From a config field that nothing in the package sets: zero, no timeout,
// unless the caller fills it.
func fromConfig(cfg Config) *http.Client {
	return &http.Client{Timeout: cfg.HTTPTimeout} // want `http.Client's Timeout is cfg.HTTPTimeout, which nothing in this package sets`
}

func fromParam(timeout time.Duration) http.Client {
	return http.Client{Timeout: timeout} // fine: caller decides
}

// Set after construction, in the same function.
func setAfter(cfg Config) *http.Client {
	c := &http.Client{} // fine: Timeout assigned below
	c.Timeout = cfg.HTTPTimeout
	return c
}

// Set through a struct field path after construction.
func NewPaymentsAPIWith(cfg Config) *PaymentsAPI {
	api := &PaymentsAPI{client: &http.Client{}} // fine: api.client.Timeout assigned below
	api.client.Timeout = cfg.HTTPTimeout
	return api
}

// Set in a closure of the same function.
func setInClosure(cfg Config) *http.Client {
	c := &http.Client{} // fine: set by the option below
	apply := func() { c.Timeout = cfg.HTTPTimeout }
	apply()
	return c
}

// A package-level client configured in init.
var apiClient = &http.Client{} // fine: init sets Timeout

func init() {
	apiClient.Timeout = 15 * time.Second
}

// A transport that bounds connecting and waiting for headers.
func boundedTransport() *http.Client {
	return &http.Client{ // fine: the transport bounds dial and headers
		Transport: &http.Transport{
			DialContext:           (&net.Dialer{Timeout: 3 * time.Second}).DialContext,
			ResponseHeaderTimeout: 10 * time.Second,
		},
	}
}

// The same, with the transport and dialer in variables.
func boundedTransportVars(cfg Config) *http.Client {
	dialer := &net.Dialer{Deadline: time.Now().Add(cfg.HTTPTimeout)}
	tr := &http.Transport{DialContext: dialer.DialContext}
	tr.ResponseHeaderTimeout = cfg.HTTPTimeout
	return &http.Client{Transport: tr} // fine: tr bounds dial and headers
}

// Positional fields count.
func positional() http.Client {
	return http.Client{nil, nil, nil, 5 * time.Second} // fine: Timeout is the fourth field
}

// Embedding: w.Timeout is the embedded client's Timeout.
type Wrapped struct {
	http.Client
	name string
}

func newWrapped(d time.Duration) *Wrapped {
	w := &Wrapped{Client: http.Client{}} // fine: w.Timeout assigned below
	w.Timeout = d
	return w
}

// Not net/http's Client.
type Client struct{ Timeout time.Duration }

func own() *Client { return &Client{} } // fine: not http.Client
