package a

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
)

func fetchStatus(u string) (int, error) {
	resp, err := http.Get(u) // want `http\.Get uses http\.DefaultClient, which has no timeout, so the request can wait forever; use an http\.Client with Timeout set`
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func postEvent(u string, ev any) error {
	body, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	resp, err := http.Post(u, "application/json", bytes.NewReader(body)) // want `http\.Post uses http\.DefaultClient`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func probe(u string) bool {
	resp, err := http.Head(u) // want `http\.Head uses http\.DefaultClient`
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func login(u, user, pass string) (*http.Response, error) {
	return http.PostForm(u, url.Values{"user": {user}, "pass": {pass}}) // want `http\.PostForm uses http\.DefaultClient`
}

func send(req *http.Request) ([]byte, error) {
	resp, err := http.DefaultClient.Do(req) // want `\(\*http\.Client\)\.Do on http\.DefaultClient, which has no timeout, can wait forever`
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func getViaDefault(u string) error {
	_, err := http.DefaultClient.Get(u) // want `\(\*http\.Client\)\.Get on http\.DefaultClient`
	return err
}

// A local variable that only ever holds http.DefaultClient is the same client.
func sendAlias(req *http.Request) error {
	client := http.DefaultClient
	_, err := client.Do(req) // want `\(\*http\.Client\)\.Do on http\.DefaultClient`
	return err
}

// Method values: the call through the variable is reported; both sends
// go through http.DefaultClient, one cause in one function, so one
// finding with the other site related.
func fetchAll(urls []string) {
	get := http.Get
	for _, u := range urls {
		get(u) // want `http\.Get uses http\.DefaultClient.*\(2 sites in fetchAll share this cause\)`
	}
	do := http.DefaultClient.Do
	req, _ := http.NewRequest("GET", urls[0], nil)
	do(req) // related: the second site
}

type getter func(string) (*http.Response, error)

func crawl(g getter, u string) { g(u) }

// A sender handed to another function is reported where it is taken.
func startCrawl(u string) {
	crawl(http.Get, u) // want `http\.Get uses http\.DefaultClient`
}

// ---- negatives ----

// A client of our own, with a timeout, is fine whatever its methods are called.
func fetchWith(c *http.Client, u string) error {
	resp, err := c.Get(u) // fine: the caller's client owns the timeout
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Comparing with DefaultClient sends nothing.
func isDefault(c *http.Client) bool {
	return c == http.DefaultClient // fine: no request is sent
}

// A variable that holds the default unless the caller hands in a client:
// every caller that passes nil waits without a timeout.
func sendMaybe(req *http.Request, custom *http.Client) error {
	client := http.DefaultClient
	if custom != nil {
		client = custom
	}
	_, err := client.Do(req) // want `on http.DefaultClient, which has no timeout`
	return err
}

// A variable that may hold another client for another reason is not
// assumed to be the default.
func sendEither(req *http.Request, custom *http.Client, useCustom bool) error {
	client := http.DefaultClient
	if useCustom {
		client = custom
	}
	_, err := client.Do(req) // fine: may be a configured client
	return err
}

// Building a request does not send it.
func build(u string) (*http.Request, error) {
	return http.NewRequest(http.MethodGet, u, nil) // fine: nothing is sent
}

// A method value of a configured client.
func fetchAllWith(c *http.Client, urls []string) {
	get := c.Get
	for _, u := range urls {
		get(u) // fine: c is the caller's client
	}
}

type fakeHTTP struct{}

func (fakeHTTP) Get(string) error { return nil }

// A local value named http is not the package: types, not names, decide.
func shadowed() {
	http := fakeHTTP{}
	http.Get("https://example.com") // fine: not net/http
}
