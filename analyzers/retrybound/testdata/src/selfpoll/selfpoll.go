// Package selfpoll holds tests that poll a server they started on this
// machine until it answers: the test is the server's only client and
// go test's -timeout ends a test that hangs, so an unbounded poll there
// is not a retry of a dependency. Production code polling the same way,
// and tests polling a remote address, are still judged.
package selfpoll

import (
	"net/http"
	"time"
)

// Positive: production code polling a remote health URL forever.
func waitRemote(url string) {
	for { // want "retry loop never gives up"
		resp, err := http.Get(url)
		if err != nil {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		resp.Body.Close()
		return
	}
}
