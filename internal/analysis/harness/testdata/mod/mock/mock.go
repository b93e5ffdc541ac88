// Package mock is imported only by lib's tests: test support, though no
// name says so, so its waits are the tests' fixtures.
package mock

import (
	"example.com/lib/fake"
	"example.com/lib/peer"
)

func Start() {
	fake.Serve()
	peer.Wait()
}
