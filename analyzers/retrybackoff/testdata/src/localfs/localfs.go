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
