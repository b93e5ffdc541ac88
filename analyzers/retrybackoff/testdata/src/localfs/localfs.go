// Package localfs retries operations on the local disk.
package localfs

import (
	"errors"
	"os"
	"time"
)

// Negative: removing a directory another process may still hold, on the
// local disk: no shared dependency to spread the attempts over.
func removeLater(dir string) {
	go func() {
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			if err := os.RemoveAll(dir); err == nil {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
}

func upload(path string) error { return errors.New("unavailable: " + path) }

// Positive: the attempt is a network upload, whatever it reads from disk.
func uploadLater(path string) error {
	for i := 0; i < 3; i++ { // want "retry loop waits the same time between attempts"
		if err := upload(path); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errors.New("gave up")
}

// tryLock takes a lock file on the local disk.
func tryLock(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return errors.New("locked: " + err.Error())
	}
	return f.Close()
}

// Negative: the attempt is a helper of this package that only calls os.
func lockLater(path string) error {
	for i := 0; i < 20; i++ {
		if err := tryLock(path); err == nil {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("gave up")
}

type lock struct{ held bool }

// check calls no local package: whether its answer comes from the disk
// is not known.
func (l *lock) check() error {
	if l.held {
		return errors.New("held")
	}
	return nil
}

// Positive: a helper that reads only fields is not known to be local.
func waitLock(l *lock) error {
	for i := 0; i < 3; i++ { // want "retry loop waits the same time between attempts"
		if err := l.check(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errors.New("gave up")
}
