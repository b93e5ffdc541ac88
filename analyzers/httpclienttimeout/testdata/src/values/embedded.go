package values

import (
	"net/http"
	"time"
)

// A wrapper that embeds http.Client sends through it (issue 10, class 7).
type recordingClient struct {
	http.Client
	seen int
}

func newRecording() *recordingClient {
	c := new(recordingClient) // want `recordingClient embeds an http.Client that sets no Timeout`
	c.Transport = http.DefaultTransport
	return c
}

func newRecordingLit() *recordingClient {
	return &recordingClient{seen: 1} // want `recordingClient embeds an http.Client that sets no Timeout`
}

// Not reported: the Timeout is set on the wrapper, or in the embedded
// literal, which is checked on its own.
func newRecordingBounded() *recordingClient {
	c := new(recordingClient)
	c.Timeout = 30 * time.Second
	return c
}

func newRecordingInner() *recordingClient {
	return &recordingClient{Client: http.Client{Timeout: time.Minute}}
}
