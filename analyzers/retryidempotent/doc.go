// Package retryidempotent defines an Analyzer that retries of operations unsafe to repeat.
//
// # Analyzer retryidempotent
//
// retryidempotent: report retries of operations unsafe to repeat
//
// TODO(stub): full documentation with a bad and a good example.
package retryidempotent
