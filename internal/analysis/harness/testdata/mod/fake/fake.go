// Package fake is imported only by mock, itself test support: test
// support too.
package fake

import "example.com/lib/peer"

func Serve() { peer.Wait() }
