package values

import (
	"encoding/json"
	"net/http"
	"time"
)

// A timeout read from an options field that nothing in the package sets:
// zero, no timeout, unless every caller fills it (issue 10, class 7).

type Options struct {
	BaseURL string
	// Timeout bounds each request; zero means no timeout.
	Timeout time.Duration
}

func NewAPI(o Options) *http.Client {
	return &http.Client{Timeout: o.Timeout} // want `http.Client's Timeout is o.Timeout, which nothing in this package sets`
}

// Not reported: the package gives the field a default.
type Settings struct{ Timeout time.Duration }

func NewWithDefault(s Settings) *http.Client {
	if s.Timeout == 0 {
		s.Timeout = 10 * time.Second
	}
	return &http.Client{Timeout: s.Timeout}
}

// Not reported: a decoder may fill the field by name.
type FileConfig struct{ Timeout time.Duration }

func Load(data []byte) (*http.Client, error) {
	var cfg FileConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		return nil, err
	}
	return &http.Client{Timeout: cfg.Timeout}, nil
}

// Not reported: a tagged field is filled by a decoder elsewhere.
type Tagged struct {
	Timeout time.Duration `yaml:"timeout"`
}

func FromTagged(t Tagged) *http.Client { return &http.Client{Timeout: t.Timeout} }
