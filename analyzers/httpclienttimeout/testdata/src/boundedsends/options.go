package boundedsends

import (
	"net/http"
	"time"
)

// StorageOptions stands for a library's options: the client it sends
// through and the bound it puts on each request it sends.
type StorageOptions struct {
	Client          *http.Client
	HTTPTimeout     time.Duration
	IdleTimeout     time.Duration
	RefreshInterval time.Duration
}

// The options bound each request: not reported.
var bounded = StorageOptions{
	Client:          http.DefaultClient,
	HTTPTimeout:     10 * time.Second,
	RefreshInterval: time.Hour,
}

// No request timeout among the options: reported.
var unbounded = StorageOptions{
	Client:          http.DefaultClient, // want "http.DefaultClient, which has no timeout, is stored in StorageOptions.Client"
	RefreshInterval: time.Hour,
}

// A zero request timeout is none: reported.
var zero = StorageOptions{
	Client:      http.DefaultClient, // want "http.DefaultClient, which has no timeout, is stored in StorageOptions.Client"
	HTTPTimeout: 0,
}

// An idle timeout does not bound a request: reported.
var idle = StorageOptions{
	Client:      http.DefaultClient, // want "http.DefaultClient, which has no timeout, is stored in StorageOptions.Client"
	IdleTimeout: time.Minute,
}

var _ = []StorageOptions{bounded, unbounded, zero, idle}
