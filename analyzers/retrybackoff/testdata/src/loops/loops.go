package loops

import (
	"context"
	"errors"
	"math"
	"math/rand"
	"time"

	"helpers"
)

func call() error            { return nil }
func fetch() (string, error) { return "", nil }

type limiter interface {
	Wait(ctx context.Context) error
}

// --- positives ---

func noWait() error {
	var err error
	for i := 0; i < 3; i++ { // want `retry loop does not wait between attempts; use wait = base × 2\^attempt \+ random jitter`
		if err = call(); err == nil {
			return nil
		}
	}
	return err
}

func noWaitCondition() {
	err := call()
	for err != nil { // want `retry loop does not wait between attempts`
		err = call()
	}
}

func constantSleep() string {
	for { // want `retry loop waits the same time between attempts; use wait = base × 2\^attempt \+ random jitter`
		s, err := fetch()
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		return s
	}
}

func constantParam(d time.Duration) error {
	for range 3 { // want `retry loop waits the same time between attempts`
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(d)
	}
	return errors.New("gave up")
}

func constantSelect(ctx context.Context) error {
	for { // want `retry loop waits the same time between attempts`
		if err := call(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func constantTicker() error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for i := 0; i < 5; i++ { // want `retry loop waits the same time between attempts`
		if err := call(); err == nil {
			return nil
		}
		<-t.C
	}
	return errors.New("gave up")
}

func shifted() error {
	var err error
	for attempt := 0; attempt < 5; attempt++ { // want `retry loop backs off exponentially without jitter, so clients retry in step; use wait = base × 2\^attempt \+ random jitter`
		if err = call(); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond << attempt)
	}
	return err
}

func doubled() error {
	delay := 100 * time.Millisecond
	for i := range 5 { // want `retry loop backs off exponentially without jitter`
		_ = i
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(delay)
		delay *= 2
	}
	return errors.New("gave up")
}

func doubledCapped() error {
	delay := 100 * time.Millisecond
	for i := 0; i < 5; i++ { // want `retry loop backs off exponentially without jitter`
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(delay)
		delay = min(delay*2, 5*time.Second)
	}
	return errors.New("gave up")
}

func power() error {
	for i := 0; i < 5; i++ { // want `retry loop backs off exponentially without jitter`
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(math.Pow(2, float64(i))) * time.Second)
	}
	return errors.New("gave up")
}

func helperExponential() error {
	for i := 0; i < 5; i++ { // want `retry loop backs off exponentially without jitter`
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(helpers.Exponential(i))
	}
	return errors.New("gave up")
}

func helperSleepsExponential() error {
	for i := 0; i < 5; i++ { // want `retry loop backs off exponentially without jitter`
		if err := call(); err == nil {
			return nil
		}
		helpers.SleepBackoff(i)
	}
	return errors.New("gave up")
}

func helperSleepConstant(ctx context.Context) error {
	for i := 0; i < 5; i++ { // want `retry loop waits the same time between attempts`
		if err := call(); err == nil {
			return nil
		}
		if err := helpers.Sleep(ctx, time.Second); err != nil {
			return err
		}
	}
	return errors.New("gave up")
}

func helperDoublesStoredPeriod(c *helpers.Controller) error {
	for i := 0; i < 5; i++ { // want `retry loop backs off exponentially without jitter`
		if err := call(); err == nil {
			return nil
		}
		c.SleepNext(time.Second)
	}
	return errors.New("gave up")
}

func helperKeepsStoredPeriod(c *helpers.Controller) error {
	for i := 0; i < 5; i++ { // want `retry loop waits the same time between attempts`
		if err := call(); err == nil {
			return nil
		}
		c.SleepSame(time.Second)
	}
	return errors.New("gave up")
}

func linear() error {
	for i := 1; i <= 4; i++ { // want `retry loop wait grows without exponential backoff or jitter`
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(i) * time.Second)
	}
	return errors.New("gave up")
}

func labelledNoWait(items []string) error {
retry:
	for attempt := 0; attempt < 3; attempt++ { // want `retry loop does not wait between attempts`
		for range items {
			if err := call(); err != nil {
				continue retry
			}
		}
		return nil
	}
	return errors.New("gave up")
}

func stateMachine() error {
	state := 0
	for { // want `retry loop waits the same time between attempts`
		switch state {
		case 0:
			if err := call(); err != nil {
				time.Sleep(time.Second)
				continue
			}
			state = 1
		case 1:
			return nil
		}
	}
}

// --- negatives ---

func jittered() error {
	for attempt := 0; attempt < 5; attempt++ { // ok: exponential with jitter
		if err := call(); err == nil {
			return nil
		}
		d := 100 * time.Millisecond << attempt
		time.Sleep(d + time.Duration(rand.Int63n(int64(d))))
	}
	return errors.New("gave up")
}

func jitteredHelper() error {
	for i := 0; i < 5; i++ { // ok: the helper adds jitter
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(helpers.Jittered(i))
	}
	return errors.New("gave up")
}

func jitteredChain() error {
	for i := 0; i < 5; i++ { // ok: jitter two helpers down
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(helpers.ViaJittered(i))
	}
	return errors.New("gave up")
}

func jitteredSleeper() error {
	for i := 0; i < 5; i++ { // ok: the helper sleeps with jitter
		if err := call(); err == nil {
			return nil
		}
		helpers.SleepJittered(i)
	}
	return errors.New("gave up")
}

func jitteredDelayVar() error {
	delay := 100 * time.Millisecond
	for i := 0; i < 5; i++ { // ok: doubled with jitter
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(delay)
		delay = delay*2 + time.Duration(rand.Int63n(int64(delay)))
	}
	return errors.New("gave up")
}

func constantWithJitter() error {
	for i := 0; i < 5; i++ { // ok: jitter breaks the herd up
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(time.Second + time.Duration(rand.Intn(1000))*time.Millisecond)
	}
	return errors.New("gave up")
}

func jitteredSelect(ctx context.Context) error {
	for attempt := 0; attempt < 5; attempt++ { // ok
		if err := call(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(helpers.Jittered(attempt)):
		}
	}
	return errors.New("gave up")
}

func rateLimited(ctx context.Context, l limiter) error {
	for i := 0; i < 5; i++ { // ok: a limiter paces the attempts
		if err := call(); err == nil {
			return nil
		}
		if err := l.Wait(ctx); err != nil {
			return err
		}
	}
	return errors.New("gave up")
}

func unknownHelper(next func(int) time.Duration) error {
	for i := 0; i < 5; i++ { // ok: a wait the analyzer cannot follow
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(next(i))
	}
	return errors.New("gave up")
}

func waitsOnChannel(retry <-chan struct{}) error {
	for i := 0; i < 5; i++ { // ok: someone else decides when to retry
		if err := call(); err == nil {
			return nil
		}
		<-retry
	}
	return errors.New("gave up")
}

func table() error {
	delays := []time.Duration{time.Second, 2 * time.Second, 5 * time.Second}
	for i := range 3 { // ok: a table the analyzer does not evaluate
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(delays[i])
	}
	return errors.New("gave up")
}

func timerReset() error {
	t := time.NewTimer(0)
	for i := 0; i < 5; i++ { // ok: reset to a jittered wait
		if err := call(); err == nil {
			return nil
		}
		t.Reset(helpers.Jittered(i))
		<-t.C
	}
	return errors.New("gave up")
}

func eventLoop() error {
	for { // ok: not a retry
		if err := call(); err != nil {
			return err
		}
	}
}

func worker(jobs chan int) {
	for range jobs { // ok: not a retry
		if err := call(); err != nil {
			continue
		}
		return
	}
}

func poller(ctx context.Context) {
	for { // ok: polls, never stops on success
		if err := call(); err != nil {
			time.Sleep(time.Second)
			continue
		}
		time.Sleep(time.Second)
	}
}

func sleepOnSuccessOnly() error {
	for i := 0; i < 3; i++ { // want `retry loop does not wait between attempts`
		if err := call(); err == nil {
			time.Sleep(200 * time.Millisecond) // settles before returning: not between attempts
			break
		}
	}
	return nil
}

func waitInPost(ctx context.Context) {
	for ; ctx.Err() == nil; <-time.After(time.Millisecond) { // want `retry loop waits the same time between attempts`
		if err := call(); err == nil {
			return
		}
	}
}

type client struct{}

func (client) Fetch(ctx context.Context, opt string) error { return nil }

func WaitForReady(bool) string { return "" }

func optionNamedWait(ctx context.Context, c client) error {
	for i := 0; i < 3; i++ { // want `retry loop waits the same time between attempts`
		if err := c.Fetch(ctx, WaitForReady(true)); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errors.New("gave up")
}

func attemptWaitsInside() error {
	for i := 0; i < 3; i++ { // want `retry loop waits the same time between attempts`
		if err := helpers.Sleep(context.Background(), time.Second); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errors.New("gave up")
}

func process(ctx context.Context, attempt int) error {
	if attempt > 0 {
		time.Sleep(helpers.Jittered(attempt))
	}
	return call()
}

func backsOffInsideAttempt(ctx context.Context) error {
	var err error
	for attempt := 0; attempt <= 3; attempt++ { // ok: the attempt sleeps a jittered time before retrying
		if err = process(ctx, attempt); err == nil {
			return nil
		}
	}
	return err
}

func backsOffInsideAttemptCopy(ctx context.Context) error {
	var err error
	for attempt := 0; attempt <= 3; attempt++ { // ok: the copy of the counter is still the attempt number
		attempt := attempt
		if err = process(ctx, attempt); err == nil {
			return nil
		}
	}
	return err
}

type channel struct{}

func (channel) Receive(ctx context.Context) (any, error) { return nil, nil }

func awaitMessage(ctx context.Context, ch channel) (any, error) {
	for { // ok: the attempt blocks until a message arrives or ctx ends
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		m, err := ch.Receive(ctx)
		if err != nil {
			continue
		}
		return m, nil
	}
}
