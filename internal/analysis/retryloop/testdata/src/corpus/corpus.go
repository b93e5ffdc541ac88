// Package corpus holds loops taken, in shape, from the real modules of
// testdata/corpus-retry that the recogniser once took for retries. Each
// negative is named after the code it stands for; see
// docs/review/retry-precision.md.
package corpus

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

var errKeyExists = errors.New("key exists")

type broker struct{}

func (b *broker) initProducerID() (int, error) { return 0, nil }
func (b *broker) close()                       {}

type client struct{ brokers []*broker }

func (c *client) leastLoaded() *broker { return nil }
func (c *client) deregister(*broker)   {}
func (c *client) pastDeadline() bool   { return false }

// Negative (sarama InitProducerID): the post statement moves to the next
// broker and the failed one is dropped; each attempt asks another broker.
func (c *client) initProducerID() (int, error) {
	for b := c.leastLoaded(); b != nil; b = c.leastLoaded() {
		id, err := b.initProducerID()
		if err == nil {
			return id, nil
		}
		c.deregister(b)
		b.close()
	}
	return 0, errors.New("out of brokers")
}

// Negative (sarama tryRefreshMetadata): the same, with a deadline in the
// condition and the cursor declared outside the loop.
func (c *client) refresh() error {
	b := c.leastLoaded()
	for ; b != nil && !c.pastDeadline(); b = c.leastLoaded() {
		_, err := b.initProducerID()
		if err == nil {
			return nil
		}
		c.deregister(b)
	}
	return errors.New("out of brokers")
}

type labeled interface{ HasLabel(string) bool }

func unwrap(err error) error {
	u, ok := err.(interface{ Unwrap() error })
	if !ok {
		return nil
	}
	return u.Unwrap()
}

// Negative (mongo-driver errorHasLabel): walking an error chain; unwrap is
// given an error and returns one, so it is not an attempt.
func hasLabel(err error, label string) bool {
	for ; err != nil; err = unwrap(err) {
		if le, ok := err.(labeled); ok && le.HasLabel(label) {
			return true
		}
	}
	return false
}

type reader struct{ buf []byte }

func (r *reader) peek(n int) ([]byte, error) { return r.buf[:n], nil }

// Negative (franz-go readGoTime): parsing ever longer prefixes; a parser
// fails the same way on the same input, so going around tries new input.
func (r *reader) readTime(layout string) (time.Time, error) {
	for n := 1; n <= 80; n++ {
		peek, err := r.peek(n)
		if err != nil {
			return time.Time{}, err
		}
		ts, err := time.Parse(layout, string(peek))
		if err == nil {
			return ts, nil
		}
	}
	return time.Time{}, errors.New("no timestamp")
}

// Negative: the same with strconv.
func firstNumber(fields []string) (int, error) {
	i := 0
	for {
		n, err := strconv.Atoi(fields[0])
		if err == nil {
			return n, nil
		}
		fields = fields[1:]
		i++
		if len(fields) == 0 {
			return 0, errors.New("no number")
		}
	}
}

type kv struct{}

func (kv) putNew(key, val string) (int64, error) { return 0, nil }

// Negative (etcd recipes newUniqueKV): each time around tries a new key
// made from the clock; a collision is not a failure to retry.
func newUniqueKV(store kv, prefix, val string) (string, error) {
	for {
		key := fmt.Sprintf("%s/%v", prefix, time.Now().UnixNano())
		_, err := store.putNew(key, val)
		if err == nil {
			return key, nil
		}
		if !errors.Is(err, errKeyExists) {
			return "", err
		}
	}
}

type logStore struct{}

func (logStore) firstIndex() (uint64, error)          { return 0, nil }
func (logStore) getLog(idx uint64, out *[]byte) error { return nil }

// Negative (raft oldestLog): the loop leaves rather than ask again for the
// index that just failed; going around only follows a moved first index.
func oldestLog(s logStore) ([]byte, error) {
	var l []byte
	var lastFailed uint64
	var lastErr error
	for {
		first, err := s.firstIndex()
		if err != nil {
			return nil, err
		}
		if first == lastFailed {
			return nil, lastErr
		}
		err = s.getLog(first, &l)
		if err == nil {
			break
		}
		lastFailed = first
		lastErr = err
	}
	return l, nil
}

type channel struct{}

func (channel) receiveAsync() (v any, ok bool, more bool) { return nil, false, false }
func decode(v any, into any) error                        { return nil }

// Negative (temporal channelImpl.ReceiveAsyncWithMoreFlag): a consumer that
// drops a message it cannot decode and takes the next.
func (c channel) receive(into any) (bool, bool) {
	for {
		v, ok, more := c.receiveAsync()
		if !ok && !more {
			return ok, more
		}
		if err := decode(v, into); err != nil {
			continue
		}
		return ok, more
	}
}

// Negative: the same over a channel.
func drain(ch chan []byte, into any) {
	for {
		msg := <-ch
		if err := decode(msg, into); err != nil {
			continue
		}
		return
	}
}

type task struct{}

func process(t *task) (*task, error)            { return nil, nil }
func respond(t *task, err error) (*task, error) { return nil, nil }

// Negative (temporal processWorkflowTask): a failed task is reported and
// the loop left (|| taskErr != nil); only a new task from the server brings
// the loop around, so a failure is never retried.
func processTasks(t *task) error {
	for {
		next, taskErr := process(t)
		if next == nil && taskErr == nil {
			return nil
		}
		resp, err := respond(t, taskErr)
		if err != nil {
			return err
		}
		if resp == nil || taskErr != nil {
			return nil
		}
		t = resp
	}
}

// Positive: a per-attempt deadline from the clock does not make each
// attempt a new candidate.
func withDeadline(store kv) error {
	for i := 0; i < 3; i++ { // want "retry loop"
		deadline := time.Now().Add(time.Second)
		_ = deadline
		if _, err := store.putNew("k", "v"); err == nil { // want "attempt store.putNew"
			return nil
		}
		time.Sleep(time.Second)
	}
	return errors.New("gave up")
}

// Positive: the failure path is followed past an if that does not mention
// the error, and it comes around.
func failurePath(t *task) error {
	for { // want "retry loop"
		_, err := process(t) // want "attempt process"
		if err == nil {
			return nil
		}
		if t == nil {
			t = &task{}
		}
		time.Sleep(time.Second)
	}
}

// Positive: a cursor advanced in the post statement that the attempt does
// not use is still a retry of the same call.
func counterPost(store kv) error {
	var err error
	for i, d := 0, time.Second; i < 3; i, d = i+1, d*2 { // want "retry loop"
		if _, err = store.putNew("k", "v"); err == nil { // want "attempt store.putNew"
			return nil
		}
		time.Sleep(d)
	}
	return err
}

func listen(addr string) (int, error) { return 0, nil }

// Negative (docker hijack_test): probing ports, the address formatted from
// the loop's counter.
func probe() (int, error) {
	var l int
	var err error
	for i := 1024; i < 10000; i++ {
		l, err = listen(fmt.Sprintf("127.0.0.1:%d", i))
		if err == nil {
			break
		}
	}
	return l, err
}

// Negative: the same through a variable.
func probeAddr() (int, error) {
	for i := 0; i < 10; i++ {
		addr := "127.0.0.1:" + strconv.Itoa(8080+i)
		if l, err := listen(addr); err == nil {
			return l, nil
		}
	}
	return 0, errors.New("no port")
}

// Positive: the attempt number given to the attempt is not a new target.
func numbered(store kv) error {
	for i := 0; i < 3; i++ { // want "retry loop"
		if _, err := store.putNew("k", strconv.Itoa(7)); err == nil { // want "attempt store.putNew"
			return nil
		}
		time.Sleep(time.Second)
	}
	return errors.New("gave up")
}
