// Package shown is imported only by another package's example, which
// users copy: shipped code.
package shown

import "example.com/lib/peer"

func Show() {
	peer.Wait() // want "waits"
}
