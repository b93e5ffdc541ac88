// Package jitterfield checks backoff structs whose method adds jitter only
// when a field asks for it: a struct configured without that field backs
// off without jitter, whatever the method could do.
package jitterfield

import (
	"math/rand/v2"
	"time"
)

// Backoff doubles Base per attempt up to Max, and spreads the wait by
// Jitter (a fraction) when Jitter is set.
type Backoff struct {
	Base, Max time.Duration
	Jitter    float64
}

// Delay returns the wait before the given attempt.
func (b *Backoff) Delay(attempt int) time.Duration {
	d := min(b.Base<<attempt, b.Max)
	if b.Jitter > 0 {
		d += time.Duration(rand.Float64() * b.Jitter * float64(d))
	}
	return d
}

// Spread adds jitter whatever the fields say.
type Spread struct{ Base time.Duration }

// Delay returns the wait before the given attempt.
func (s Spread) Delay(attempt int) time.Duration {
	d := s.Base << attempt
	return d + rand.N(d)
}

func send() error { return nil }

// Positive: the struct is made without Jitter, so Delay only doubles.
func sendPlain() error {
	b := &Backoff{Base: 100 * time.Millisecond, Max: 10 * time.Second}
	var err error
	for attempt := 0; attempt < 5; attempt++ { // want `retry loop backs off exponentially without jitter`
		if err = send(); err == nil {
			return nil
		}
		time.Sleep(b.Delay(attempt))
	}
	return err
}

// Positive: Jitter set to 0 explicitly.
func sendZero() error {
	b := Backoff{Base: time.Second, Max: time.Minute, Jitter: 0}
	var err error
	for attempt := range 4 { // want `retry loop backs off exponentially without jitter`
		if err = send(); err == nil {
			return nil
		}
		time.Sleep(b.Delay(attempt))
	}
	return err
}

// Negative: the struct is made with Jitter.
func sendJittered() error {
	b := &Backoff{Base: time.Second, Max: time.Minute, Jitter: 0.5}
	var err error
	for attempt := range 4 {
		if err = send(); err == nil {
			return nil
		}
		time.Sleep(b.Delay(attempt))
	}
	return err
}

// Negative: Jitter is set after the struct is made.
func sendConfigured(spread float64) error {
	b := &Backoff{Base: time.Second, Max: time.Minute}
	b.Jitter = spread
	var err error
	for attempt := range 4 {
		if err = send(); err == nil {
			return nil
		}
		time.Sleep(b.Delay(attempt))
	}
	return err
}

// Negative: the struct comes from the caller, who may set Jitter.
func sendWith(b *Backoff) error {
	var err error
	for attempt := range 4 {
		if err = send(); err == nil {
			return nil
		}
		time.Sleep(b.Delay(attempt))
	}
	return err
}

// Negative: the struct is handed to a function that may configure it.
func sendTuned(tune func(*Backoff)) error {
	b := Backoff{Base: time.Second, Max: time.Minute}
	tune(&b)
	var err error
	for attempt := range 4 {
		if err = send(); err == nil {
			return nil
		}
		time.Sleep(b.Delay(attempt))
	}
	return err
}

// Negative: a type whose Delay always adds jitter.
func sendSpread() error {
	s := Spread{Base: time.Second}
	var err error
	for attempt := range 4 {
		if err = send(); err == nil {
			return nil
		}
		time.Sleep(s.Delay(attempt))
	}
	return err
}
