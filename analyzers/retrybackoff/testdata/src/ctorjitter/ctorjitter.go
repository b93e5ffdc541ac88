// Package ctorjitter holds retries whose wait is a method value of a
// backoff the package's constructor makes, stored as the default of an
// exported configuration field. The method adds randomness only when the
// backoff's jitter field is set; the constructor's arguments decide.
package ctorjitter

import (
	"errors"
	"math"
	"math/rand/v2"
	"time"
)

type Backoff struct {
	base   time.Duration
	factor float64
	jitter float64
}

func NewBackoff(base time.Duration, factor, jitter float64) *Backoff {
	return &Backoff{base, factor, jitter}
}

// DefaultBackoff doubles from 100ms with no jitter.
func DefaultBackoff() *Backoff { return NewBackoff(100*time.Millisecond, 2, 0) }

// JitteredBackoff doubles from 100ms with 20% jitter.
func JitteredBackoff() *Backoff { return NewBackoff(100*time.Millisecond, 2, 0.2) }

func (b *Backoff) Duration(attempt int) time.Duration {
	d := float64(b.base) * math.Pow(b.factor, float64(attempt))
	if b.jitter != 0 {
		d += rand.Float64() * b.jitter * d
	}
	return time.Duration(d)
}

type Config struct {
	RetryAfter func(int) time.Duration
	Spread     func(int) time.Duration
}

type Client struct {
	Config
	quit chan struct{}
}

func NewClient(c Config) *Client {
	if c.RetryAfter == nil {
		c.RetryAfter = DefaultBackoff().Duration
	}
	if c.Spread == nil {
		c.Spread = JitteredBackoff().Duration
	}
	return &Client{Config: c, quit: make(chan struct{})}
}

func (c *Client) upload() error { return errors.New("unavailable") }

// Positive: the default backoff is built with jitter 0, so every client
// retries on the same exponential schedule.
func (c *Client) send() {
	for i := 0; i < 5; i++ { // want "retry loop backs off exponentially without jitter"
		if err := c.upload(); err == nil {
			return
		}
		select {
		case <-time.After(c.RetryAfter(i)):
		case <-c.quit:
			return
		}
	}
}

// Negative: the other default is built with jitter.
func (c *Client) sendSpread() {
	for i := 0; i < 5; i++ {
		if err := c.upload(); err == nil {
			return
		}
		select {
		case <-time.After(c.Spread(i)):
		case <-c.quit:
			return
		}
	}
}
