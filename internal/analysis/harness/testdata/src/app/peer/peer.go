// Package peer stands for a call that waits on a peer without a bound.
package peer

// Wait waits on the peer at addr.
func Wait(addr string) {}
