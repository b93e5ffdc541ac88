// Package servertest is a test-support package by its name, as httptest
// is: it serves fixtures for tests, and nothing in it is reported.
package servertest

import "app/peer"

func New(addr string) {
	peer.Wait(addr) // not reported
}
