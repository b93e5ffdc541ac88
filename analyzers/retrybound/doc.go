// Package retrybound defines an Analyzer that retries that never stop.
//
// # Analyzer retrybound
//
// retrybound: report retries that never stop
//
// TODO(stub): full documentation with a bad and a good example.
package retrybound
