// Package client is imported by lib's tests and by lib itself: shipped.
package client

import "example.com/lib/peer"

func Do() {
	peer.Wait() // want "waits"
}
