// Package jitterparam holds backoff loops whose jitter is computed into a
// local variable, or added only when the caller configures it (jitter by
// parameter): the loop is jittered, not "without jitter". Beside them, the
// same loops without the random term are still reported.
package jitterparam

import (
	"math/rand"
	"time"
)

// The caller passes the configured jitter; the loop adds it when positive.
func retry(base time.Duration, tries int, jitter float64, fn func() error) error {
	var last error
	for attempt := range tries {
		err := fn()
		if err == nil {
			return nil
		}
		last = err
		delay := base * (1 << attempt)
		if jitter > 0 {
			spread := float64(delay) * jitter
			offset := (rand.Float64()*2 - 1) * spread
			delay = time.Duration(float64(delay) + offset)
		}
		time.Sleep(delay)
	}
	return last
}

// The random term is drawn into a variable before the sleep.
func retryOffset(fn func() error) error {
	var last error
	for attempt := 0; attempt < 4; attempt++ {
		if last = fn(); last == nil {
			return nil
		}
		extra := time.Duration(rand.Int63n(int64(time.Second)))
		time.Sleep(time.Second<<attempt + extra)
	}
	return last
}

// --- still reported ---

// The variable holds a computed value, nothing random.
func retryNoRand(base time.Duration, fn func() error) error {
	var last error
	for attempt := 0; attempt < 4; attempt++ { // want `retry loop backs off exponentially without jitter`
		if last = fn(); last == nil {
			return nil
		}
		delay := base << attempt
		delay = delay + delay/10
		time.Sleep(delay)
	}
	return last
}
