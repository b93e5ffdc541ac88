// Package httpclienttimeout defines an Analyzer that outbound HTTP calls that can wait forever.
//
// # Analyzer httpclienttimeout
//
// httpclienttimeout: report outbound HTTP calls that can wait forever
//
// TODO(stub): full documentation with a bad and a good example.
package httpclienttimeout
