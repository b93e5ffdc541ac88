// Package retrybackoff defines an Analyzer that retries without exponential backoff and jitter.
//
// # Analyzer retrybackoff
//
// retrybackoff: report retries without exponential backoff and jitter
//
// TODO(stub): full documentation with a bad and a good example.
package retrybackoff
