// Package dialtimeout defines an Analyzer that network dials without a timeout.
//
// # Analyzer dialtimeout
//
// dialtimeout: report network dials without a timeout
//
// TODO(stub): full documentation with a bad and a good example.
package dialtimeout
