// Package other is shipped code whose tests import the module's root
// package, which stays shipped code: the module's face to its users.
package other
