// Package documented is imported only by lib's tests, but its own
// examples document it for users: shipped code.
package documented

import "example.com/lib/peer"

func Get() {
	peer.Wait() // want "waits"
}
