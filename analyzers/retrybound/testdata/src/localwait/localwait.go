// Package localwait holds loops that wait, without end, for something on
// this machine: a file to reappear, a watch to be set up again. No call in
// them can wait on a remote peer, so there is no dependency whose outage
// they prolong; and loops that look alike but reach the network.
package localwait

import (
	"errors"
	"net/http"
	"os"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Negative: waits for a replaced file to exist again, then watches it.
func waitForFile(name string, w *fsnotify.Watcher) {
	for {
		if _, err := os.Stat(name); err == nil {
			if err := w.Add(name); err == nil {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ready reads a marker file another process writes; it calls only os and
// errors, so it stays on this machine.
func ready(dir string) error {
	if _, err := os.Stat(dir + "/ready"); err != nil {
		return errors.New("not ready: " + err.Error())
	}
	return nil
}

// Negative: the attempt is a function of the package that only reads the
// local disk.
func waitReady(dir string) {
	for {
		if err := ready(dir); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// fetchMarker reads the marker from a server instead.
func fetchMarker(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Positive: a helper of the package that reaches the network is not local.
func waitRemote(url string) {
	for { // want "retry loop never gives up"
		if err := fetchMarker(url); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

type store interface {
	Stat(name string) error
}

// Positive: a method of an interface may be anything, a remote store too.
func waitStore(s store, name string) {
	for { // want "retry loop never gives up"
		if err := s.Stat(name); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Positive: one local call and one remote: the remote one can still hang.
func waitBoth(name, url string) {
	for { // want "retry loop never gives up"
		if _, err := os.Stat(name); err == nil {
			if err := fetchMarker(url); err == nil {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
}
