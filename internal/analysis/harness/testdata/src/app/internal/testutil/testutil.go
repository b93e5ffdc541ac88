// Package mockhttp lies under internal/testutil: a test-support package by
// its path.
package mockhttp

import "app/peer"

func Poll(addr string) {
	peer.Wait(addr) // not reported
}
