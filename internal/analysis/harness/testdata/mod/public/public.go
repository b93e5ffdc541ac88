// Package public is imported only by its own external test package: a
// public package, judged as shipped code.
package public

import "example.com/lib/peer"

func Get() {
	peer.Wait() // want "waits"
}
