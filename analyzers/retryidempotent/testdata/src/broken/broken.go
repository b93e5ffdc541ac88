package broken // want package:"has idempotency facts"

// This package does not type-check. The analyzer must not panic on it, and
// still reports what it can see.

import (
	"database/sql"
	"net/http"
	"time"
)

func undefinedThings(db *sql.DB) error { // want undefinedThings:`sends a POST request without an Idempotency-Key header \(via http.NewRequest\)`
	for i := 0; i < 3; i++ {
		req, err := http.NewRequest(undefinedMethod, "https://x", nil)
		req.Header.Set(missingName, key)
		if _, err := db.Exec(undefinedSQL); err == nil {
			return nil
		}
		_, err = http.NewRequest("POST") // want `retried POST request has no Idempotency-Key header`
		_, err = http.NewRequestWithContext()
		var s *sql.Stmt
		s.Exec()
		nope.Exec("INSERT INTO t VALUES (1)")
		unknownHelper(req)
		time.Sleep(time.Second)
	}
	return nil
}

func stillReported() error { // want stillReported:`via http.Post`
	var err error
	for i := 0; i < 3; i++ {
		_, err = http.Post("https://x", "text/plain", nil) // want `retried http.Post sends a POST request`
		if err == nil {
			return undefinedValue
		}
		time.Sleep(time.Second)
	}
	return err
}

func badRequestLiteral() {
	for {
		req := &http.Request{Method: 42, Header: notAHeader}
		if _, err := http.DefaultClient.Do(req); err == nil {
			return
		}
	}
}
