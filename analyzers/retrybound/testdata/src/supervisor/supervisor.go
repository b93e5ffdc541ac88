// Package supervisor holds reconnect loops that keep a long-lived session
// up (class 3, "not a retry": retrybound must not say they never give up)
// beside loops of the same look that do retry and must still be reported.
package supervisor

import "time"

type session struct{ up bool }

func (s *session) open() error           { return nil }
func (s *session) join() (string, error) { return "", nil }

// Runs in its own goroutine, returns nothing: the wait doubles up to a
// cap, so the dependency sees at most one attempt per cap interval.
func (s *session) reconnect() {
	wait := time.Second
	for {
		if err := s.open(); err == nil {
			return
		}
		time.Sleep(wait)
		wait *= 2
		if wait > 10*time.Minute {
			wait = 10 * time.Minute
		}
	}
}

// The wait comes first and is capped with min: still a supervisor.
func (s *session) rejoin() {
	wait := time.Duration(1)
	for {
		<-time.After(wait * time.Second)
		wait = min(wait*2, 600)
		if _, err := s.join(); err == nil {
			return
		}
	}
}

// --- still reported ---

// Returns an error: a caller waits for it and could be given the last one.
func (s *session) connect() error {
	wait := time.Second
	for { // want `retry loop never gives up`
		if err := s.open(); err == nil {
			return nil
		}
		time.Sleep(wait)
		wait *= 2
		if wait > time.Minute {
			wait = time.Minute
		}
	}
}

// No result, but the wait grows without a cap: the gaps grow without end
// and nothing decides when the loop is done.
func (s *session) reconnectUncapped() {
	wait := time.Second
	for { // want `retry loop never gives up`
		if err := s.open(); err == nil {
			return
		}
		time.Sleep(wait)
		wait *= 2
	}
}

// No result, constant wait: hammers at a fixed rate for ever.
func (s *session) reconnectConstant() {
	for { // want `retry loop never gives up`
		if err := s.open(); err == nil {
			return
		}
		time.Sleep(time.Second)
	}
}
