// Package unused is imported by nothing in its module: what the module's
// users import, judged as shipped code.
package unused

import "example.com/lib/peer"

func Get() {
	peer.Wait() // want "waits"
}
