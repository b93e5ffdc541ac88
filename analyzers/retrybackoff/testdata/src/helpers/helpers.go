// Package helpers computes and performs waits for the loops of package loops.
package helpers

import (
	"context"
	"math"
	"math/rand/v2"
	"time"
)

const base = 100 * time.Millisecond

// Exponential doubles without jitter.
func Exponential(attempt int) time.Duration { // want Exponential:"computes exponential wait without jitter"
	return base << attempt
}

// Pow grows through math.Pow.
func Pow(attempt int) time.Duration { // want Pow:"computes exponential wait without jitter"
	return time.Duration(math.Pow(2, float64(attempt))) * base
}

// Jittered adds full jitter.
func Jittered(attempt int) time.Duration { // want Jittered:"computes jittered wait"
	d := base << attempt
	return d/2 + rand.N(d/2)
}

// ViaJittered computes through another helper.
func ViaJittered(attempt int) time.Duration { // want ViaJittered:"computes jittered wait"
	return min(Jittered(attempt), time.Minute)
}

// Sleep waits for d or until ctx is done.
func Sleep(ctx context.Context, d time.Duration) error { // want Sleep:"waits"
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// SleepBackoff waits an exponential time without jitter.
func SleepBackoff(attempt int) { // want SleepBackoff:"waits exponentially without jitter"
	time.Sleep(Exponential(attempt))
}

// SleepJittered waits a jittered time.
func SleepJittered(attempt int) { // want SleepJittered:"waits with jitter"
	time.Sleep(Jittered(attempt))
}

// Constant is a plain value: no fact.
func Constant() time.Duration {
	return time.Second
}

// Shuffle uses randomness for something else: no fact.
func Shuffle(xs []int) {
	rand.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
}

// Next blocks until a producer delivers: called as an attempt, it is the
// wait.
func Next(ctx context.Context, ch chan int) (int, error) { // want Next:"blocks on a channel receive"
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case v := <-ch:
		return v, nil
	}
}

// Offer sends: no fact.
func Offer(ctx context.Context, ch chan int) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case ch <- 1:
		return nil
	}
}

// SleepQuarter grows the wait by a quarter of itself: geometrically.
func SleepQuarter(d time.Duration) time.Duration { // want SleepQuarter:"waits exponentially without jitter"
	d = d + d/4
	time.Sleep(d)
	return d
}

// SleepHalf grows the wait by half of itself.
func SleepHalf(d time.Duration) time.Duration { // want SleepHalf:"waits exponentially without jitter"
	d += d / 2
	time.Sleep(d)
	return d
}

// Controller keeps the period between calls and doubles it each time,
// through a local variable: the wait grows across calls.
type Controller struct {
	period time.Duration
	limit  time.Duration
}

func (c *Controller) SleepNext(initial time.Duration) time.Duration { // want SleepNext:"waits exponentially without jitter"
	if c.period == 0 {
		c.period = initial
	} else if next := c.period * 2; next <= c.limit {
		c.period = next
	}
	time.Sleep(c.period)
	return c.period
}

// SleepSame stores its period but never grows it.
func (c *Controller) SleepSame(initial time.Duration) time.Duration { // want SleepSame:"waits"
	c.period = initial
	time.Sleep(c.period)
	return c.period
}
