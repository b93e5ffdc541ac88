// Package servertimeout defines an Analyzer that HTTP servers open to slow clients.
//
// # Analyzer servertimeout
//
// servertimeout: report HTTP servers open to slow clients
//
// TODO(stub): full documentation with a bad and a good example.
package servertimeout
