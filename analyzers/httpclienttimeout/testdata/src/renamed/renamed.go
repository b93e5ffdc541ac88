// Package renamed imports net/http under another name: the analyzer goes by
// the package, not the name.
package renamed

import (
	stdhttp "net/http"
	"time"
)

func ping(u string) error {
	resp, err := stdhttp.Get(u) // want `http\.Get uses http\.DefaultClient`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func send(req *stdhttp.Request) error {
	_, err := stdhttp.DefaultClient.Do(req) // want `\(\*http\.Client\)\.Do on http\.DefaultClient`
	return err
}

func newClient() *stdhttp.Client {
	return &stdhttp.Client{} // want `http\.Client sets no Timeout`
}

func newBounded() *stdhttp.Client {
	return &stdhttp.Client{Timeout: 5 * time.Second} // fine: bounded
}
