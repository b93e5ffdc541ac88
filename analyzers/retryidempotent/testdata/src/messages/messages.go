package messages // want package:"has idempotency facts"

// A finding says what repeating the operation does, not
// what the operation means (issue 10, class 6). The analyzer sees a POST,
// not whether it charges a card or posts telemetry, so the message is the
// same for both and names no double charge.

import (
	"net/http"
	"time"
)

func sendMetrics(body []byte) error { // want sendMetrics:`not idempotent: sends a POST request without an Idempotency-Key header \(via http.Post\)`
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var resp *http.Response
		resp, err = http.Post("https://metrics.example/v1/points", "application/json", nil) // want `^retried http.Post sends a POST request that cannot carry an Idempotency-Key header: an attempt whose reply was lost is applied again; build the request`
		if err == nil {
			return resp.Body.Close()
		}
		time.Sleep(time.Duration(attempt) * time.Second)
	}
	return err
}
