// Package clustertest is a test-support package: it starts and drives a
// local cluster for tests.
package clustertest

import "context"

func SetReadOnly(ctx context.Context, roles []bool) error { return nil }
