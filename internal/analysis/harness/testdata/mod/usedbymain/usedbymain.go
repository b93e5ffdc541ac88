// Package usedbymain is imported by a command and by lib's tests: shipped.
package usedbymain

import "example.com/lib/peer"

func Run() {
	peer.Wait() // want "waits"
}
