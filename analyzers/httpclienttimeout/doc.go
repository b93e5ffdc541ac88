// Package httpclienttimeout defines an Analyzer that reports outbound HTTP
// calls that can wait forever.
//
// # Analyzer httpclienttimeout
//
// httpclienttimeout: report outbound HTTP calls that can wait forever
//
// An http.Client with no Timeout waits as long as the server and the network
// let it: for the connection, for the response headers and for every byte of
// the body. http.Get, http.Head, http.Post and http.PostForm, and every call on
// http.DefaultClient, use such a client. When the dependency hangs, each
// request holds a goroutine, a connection and often a lock or a pool slot
// until those run out, and the outage spreads to callers that never touched
// the slow service.
//
// The analyzer reports:
//
//   - calls of http.Get, http.Head, http.Post and http.PostForm, at the call;
//   - calls of Do, Get, Head, Post and PostForm on http.DefaultClient, directly
//     or through a variable that only ever holds it, at the call, or that
//     starts as http.DefaultClient and is replaced only by a client the
//     caller supplies, when it supplies one (client := http.DefaultClient;
//     if o.Client != nil { client = o.Client }): as shipped, the default
//     decides;
//   - those functions and methods taken as values: at the call when the value
//     is stored in a variable (get := http.Get; get(u)), otherwise where the
//     value is taken (crawl(http.Get, u));
//   - http.Client composite literals, values or pointers, wherever they are
//     stored (variables, struct fields, return statements, slices), that set
//     no Timeout or set it to a constant 0, at the literal, and
//     new(http.Client) whose Timeout is never assigned, and the same for a
//     type that embeds http.Client by value (new(Wrapper), Wrapper{...}
//     without a Client element), whose requests go through that client;
//   - calls of golang.org/x/oauth2 that fetch tokens or build clients
//     (Config.Exchange, Config.Client, Config.TokenSource, NewClient, and
//     clientcredentials' Token, Client and TokenSource) given
//     context.Background() or context.TODO(), directly or through a local
//     variable: a context without an oauth2.HTTPClient value makes them send
//     through http.DefaultClient (the table is knowledge/xoauth2.go);
//   - http.DefaultClient handed on as a value, where it is handed on: stored
//     in a struct field or a package variable, put in a composite literal,
//     passed to a function, returned, or copied (*http.DefaultClient), unless
//     the Timeout of the copy or field is assigned later.
//
// One cause is one finding: the sends through http.DefaultClient of one
// function (or of one type's methods) are reported once, at the first,
// with the number of sites in the message and the others as related
// locations. Each client literal is a finding of its own.
//
// Bad:
//
//	func NewPaymentsAPI(base string) *PaymentsAPI {
//		return &PaymentsAPI{base: base, client: &http.Client{}}
//	}
//
//	resp, err := http.Get(base + "/health")
//
// Good:
//
//	func NewPaymentsAPI(base string, cfg Config) *PaymentsAPI {
//		return &PaymentsAPI{base: base, client: &http.Client{Timeout: cfg.PaymentsTimeout}}
//	}
//
//	resp, err := api.client.Get(base + "/health")
//
// Every external call must have a timeout. Set it from the dependency's
// latency: its p99 plus a 20% margin. Too short turns slow successes into
// false failures; too long lets a hung dependency cascade. The suggested fix
// inserts Timeout: 30 * time.Second (importing "time" under the name the file
// uses, or adding the import); treat it as a placeholder to tune, and set
// the value it inserts with -httpclienttimeout.timeout (timeout in
// .nines.hcl).
//
// Not reported:
//
//   - a literal whose Timeout comes from a variable, a parameter, a call or a
//     config field: the analyzer trusts what it cannot evaluate, except a
//     field of a struct type of the package that nothing in the package
//     sets (no assignment, literal, address taken, struct tag, or value
//     handed to another package as an interface, as decoders take it):
//     that Timeout is 0, no timeout, unless every caller fills it, and it
//     is reported at the value;
//   - a literal whose Timeout is assigned later in the same function,
//     closures included (c.Timeout = d, s.client.Timeout = d, or w.Timeout
//     when w embeds the client), or, for a package-level variable, in an
//     init function;
//   - a literal whose Transport is an http.Transport literal (inline or in a
//     variable) that sets ResponseHeaderTimeout and dials through a
//     net.Dialer with Timeout or Deadline: connecting and waiting for the
//     headers are bounded, and the caller bounds reading the body; and one
//     whose Transport is a clone of http.DefaultTransport (which dials with
//     a 30-second timeout), t := http.DefaultTransport.(*http.Transport).Clone()
//     or t, ok := http.DefaultTransport.(*http.Transport) followed by
//     t = t.Clone(), with t.ResponseHeaderTimeout assigned after the clone;
//   - a literal whose Transport (inline or in a variable) has a DialContext
//     or Dial function literal in which every dial is of the net package on
//     a Unix domain socket network written as a constant: its requests go
//     to a process on this machine; a network passed in, or one branch
//     dialing TCP, is reported;
//   - a literal whose Transport has a type of the same package whose
//     RoundTrip answers in process (an in-process fake or a mock): it serves
//     the request with a handler's ServeHTTP or builds the http.Response, and
//     calls nothing but ServeHTTP and functions of packages that send no
//     request (net/http's own functions and types other than Client and
//     Transport, httptest, io, bytes, strings, fmt, errors and the like); a
//     RoundTrip that calls another RoundTrip, a function value or code of its
//     own package is reported, and so is such a type from another package;
//   - a send through http.DefaultClient to this machine: a URL argument, or
//     the URL of a request built in the function with http.NewRequest or
//     NewRequestWithContext, whose host is loopback in the code
//     ("http://127.0.0.1:" + port, fmt.Sprintf("http://%s/health",
//     net.JoinHostPort(host, port)) with host a constant or
//     cmp.Or(os.Getenv("HOST"), "localhost"), a flag defaulting to
//     localhost): the peer is the program's own server or a process beside
//     it, as for the loopback dials dialtimeout leaves alone;
//   - a Do(req) on http.DefaultClient whose request carries a context with a
//     deadline: built by http.NewRequestWithContext, or replaced by
//     req.WithContext or req.Clone before the send, with a context made by
//     context.WithTimeout or WithDeadline in the same function (possibly
//     wrapped by WithCancel or WithValue), or received as a parameter of an
//     unexported function (or of any function of package main, which
//     nothing imports, methods excepted) whose every call passes such a
//     context;
//   - a client literal without a Timeout kept in a local variable or an
//     unexported variable or field whose every use in the package sends
//     with Do a request that carries such a deadline (or calls
//     CloseIdleConnections): the deadline bounds each exchange as a
//     Timeout would; a Get, Post or Do without a deadline, or any other use
//     of the holder (passing it on, exporting it), and the literal is
//     reported;
//   - http.DefaultClient given to a struct literal (of a type other than
//     net/http's) that also sets, to a non-zero time.Duration, a field
//     named Timeout, HTTPTimeout, RequestTimeout, ClientTimeout or
//     CallTimeout: a library's options that bound each request they send
//     through the client (what the library does with the field is not
//     checked);
//   - any use of http.DefaultClient in a package that assigns
//     http.DefaultClient.Timeout itself;
//   - calls on any client other than http.DefaultClient, and types or
//     functions of other packages that happen to be named Client or Get:
//     the analyzer follows types, so renamed and dot imports and aliases in
//     wrapper packages are recognised, and look-alikes are not.
//
// What it does not see: a zero http.Client declared with var; the requests
// sent through a client handed on (the hand-off is reported instead); a
// deadline on a context that comes from a field, a call other than the
// context package's, or an exported function's parameter outside package
// main (callers outside the package are not seen); a request passed to
// another function before it is sent; a deadline set by the callers of a
// function that is used as a
// value.
//
// Nothing is reported in test-harness code (tests, helpers given
// testing.TB, test-support packages: those named *test or test*, and those
// their module imports only from tests, such as a mock package; see
// internal/analysis/harness) unless the call names a remote host in a
// constant.
//
// Nothing is reported in a generated file (one whose comment before the
// package clause reads "// Code generated ... DO NOT EDIT.", as
// go.dev/s/generatedcode defines it): the fix belongs in its generator,
// and the file is overwritten on the next run.
//
// To suppress a finding, say why on the reported line or the line above:
//
//	resp, err := http.Get(u) //nolint:httpclienttimeout // one-shot CLI, the user presses ^C
package httpclienttimeout
