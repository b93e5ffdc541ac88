// Package ctxdeadline defines an Analyzer that calls bounded only by a context with no deadline.
//
// # Analyzer ctxdeadline
//
// ctxdeadline: report calls bounded only by a context with no deadline
//
// TODO(stub): full documentation with a bad and a good example.
package ctxdeadline
