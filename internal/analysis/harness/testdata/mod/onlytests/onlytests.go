// Package onlytests is imported by lib's tests and by a file of a nested
// module, which is another module's code: within this module only tests
// import it.
package onlytests

import "example.com/lib/peer"

func Help() { peer.Wait() }
