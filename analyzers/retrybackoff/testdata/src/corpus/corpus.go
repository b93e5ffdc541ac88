// Package corpus holds retries taken, in shape, from the real modules of
// testdata/corpus-retry; see docs/review/retry-precision.md.
package corpus

import (
	"context"
	"errors"
	"time"
)

type generation struct{}

type group struct {
	done chan struct{}
	errs chan error
	next chan *generation
	reqs chan int
}

var errClosed = errors.New("group closed")

// next blocks until the group's own goroutine, which backs off between its
// tries, hands over a generation or an error.
func (g *group) nextGeneration(ctx context.Context) (*generation, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-g.done:
		return nil, errClosed
	case err := <-g.errs:
		return nil, err
	case gen := <-g.next:
		return gen, nil
	}
}

// Negative (kafka-go Reader.run): the attempt is a receive; the loop goes
// no faster than the producer.
func (g *group) run(ctx context.Context, maxAttempts int) *generation {
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		gen, err := g.nextGeneration(ctx)
		if err == nil {
			return gen
		}
	}
	return nil
}

// request sends before it receives: it does not only wait.
func (g *group) request(ctx context.Context) error {
	select {
	case g.reqs <- 1:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Positive: an attempt that sends is not a wait.
func (g *group) ask(ctx context.Context) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ { // want `retry loop does not wait between attempts`
		if err = g.request(ctx); err == nil {
			return nil
		}
	}
	return err
}

type watcher struct{}

func (w *watcher) open(ctx context.Context) (int, error) { return 0, nil }

const maxBackoff = 100 * time.Millisecond

// backoffIfUnavailable grows the wait by a quarter each time: geometric.
func (w *watcher) backoffIfUnavailable(backoff time.Duration) time.Duration {
	if backoff < maxBackoff {
		backoff = backoff + backoff/4
		if backoff > maxBackoff {
			backoff = maxBackoff
		}
	}
	time.Sleep(backoff)
	return backoff
}

// Positive (etcd openWatchClient): the wait grows by a quarter each time,
// exponentially, and without jitter.
func (w *watcher) openWatch(ctx context.Context) (int, error) {
	backoff := time.Millisecond
	for { // want `retry loop backs off exponentially without jitter`
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		ws, err := w.open(ctx)
		if err == nil {
			return ws, nil
		}
		backoff = w.backoffIfUnavailable(backoff)
	}
}

// Positive: d += d/2 in the loop is exponential too.
func (w *watcher) openGrowing(ctx context.Context) (int, error) {
	d := 10 * time.Millisecond
	for i := 0; i < 5; i++ { // want `retry loop backs off exponentially without jitter`
		ws, err := w.open(ctx)
		if err == nil {
			return ws, nil
		}
		time.Sleep(d)
		d += d / 2
	}
	return 0, errors.New("gave up")
}
