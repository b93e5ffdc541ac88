package app

import (
	"testing"

	"app/peer"
)

// Tests talk to fixtures they start.
func TestFetch(t *testing.T) {
	peer.Wait("127.0.0.1:0") // not reported
	dialFixture()
}

// A helper of the test file without a testing parameter is test code too.
func dialFixture() {
	peer.Wait("") // not reported
}

// TestMain is given *testing.M.
func TestMain(m *testing.M) {
	peer.Wait("") // not reported
}

// A test that calls a public API waits on a service it did not start.
func TestPublic(t *testing.T) {
	peer.Wait("https://api.vendor.io/v1") // want `waits`
}

// Examples are documentation people copy: judged like production code,
// and so are the test file's functions they call.
func ExampleFetch() {
	peer.Wait("") // want `waits`
	exampleHelper()
}

func exampleHelper() {
	peer.Wait("") // want `waits`
}
