// Package testify checks that testify's require.Fail functions end a retry
// as t.Fatal does: a select on a timer whose case fails the test bounds it.
package testify

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func query() error { return nil }

// Not reported: the timer's case stops the test.
func waitForRestart(t *testing.T) {
	timeout := time.After(5 * time.Second)
	var err error
	for {
		select {
		case <-timeout:
			require.Failf(t, "no answer after the restart", "last error: %v", err)
		default:
		}
		if err = query(); err == nil {
			return
		}
	}
}

// Reported: the timer's case only records the error and goes on.
func waitLogging(t *testing.T) {
	timeout := time.After(5 * time.Second)
	var err error
	for { // want `retry loop never gives up`
		select {
		case <-timeout:
			t.Log("still waiting", err)
		default:
		}
		if err = query(); err == nil {
			return
		}
	}
}
