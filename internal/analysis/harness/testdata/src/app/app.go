// Package app is production code with test helpers in it.
package app

import (
	"testing"

	"app/peer"
)

// Production code is reported.
func Fetch(addr string) {
	peer.Wait(addr) // want `waits`
}

// A helper given the test talks to the fixture the test started.
func StartFixture(t testing.TB, addr string) {
	peer.Wait(addr) // harness: not reported
}

// So does a benchmark helper, and one given *testing.T.
func benchFixture(b *testing.B, t *testing.T) {
	peer.Wait("") // harness: not reported
}

// A fixture type that holds its test: its methods are harness code.
type Fixture struct {
	t    testing.TB
	addr string
}

func (f *Fixture) Ping() {
	peer.Wait(f.addr) // harness: not reported
}

// A type without a test field is judged like any other code.
type Client struct{ addr string }

func (c Client) Ping() {
	peer.Wait(c.addr) // want `waits`
}

// A function literal given the test is harness code; the function around
// it is not.
func RunAll(run func(string, func(*testing.T)), addr string) {
	run("ping", func(t *testing.T) {
		peer.Wait(addr) // harness: not reported
	})
	peer.Wait(addr) // want `waits`
}

// A helper given the test that names a remote peer in a constant waits on
// a service it did not start: reported.
func CheckPublicAPI(t testing.TB) {
	peer.Wait("https://api.vendor.io/v1/status") // want `waits`
	peer.Wait("api.vendor.io:443")               // want `waits`
	peer.Wait("https://api.example.org/v1")      // a name reserved for examples: not reported
	peer.Wait("http://upstream.invalid/")        // a name that never resolves: not reported
	peer.Wait("db.test:5432")                    // reserved for testing: not reported
	peer.Wait("http://127.0.0.1:8080/health")    // loopback: not reported
	peer.Wait("localhost:9000")                  // not reported
	peer.Wait("[::1]:9000")                      // not reported
	peer.Wait(":9000")                           // the local host: not reported
	peer.Wait("GET")                             // not an address: not reported
}
