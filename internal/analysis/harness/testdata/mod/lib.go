// Package lib is shipped code: it imports client, so client is too.
package lib

import (
	"example.com/lib/client"
	"example.com/lib/peer"
)

func Call() {
	client.Do()
	peer.Wait() // want "waits"
}
