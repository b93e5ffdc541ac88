package fix

import (
	"net/http"
	"time"
)

var _ = time.Second

func empty() *http.Client {
	return &http.Client{} // want `http\.Client sets no Timeout`
}

func oneLine(t http.RoundTripper) *http.Client {
	return &http.Client{Transport: t} // want `http\.Client sets no Timeout`
}

func multiLine(t http.RoundTripper) http.Client {
	return http.Client{ // want `http\.Client sets no Timeout`
		Transport: t,
	}
}

// An explicit zero is reported but not rewritten: someone chose it.
func explicitZero() *http.Client {
	return &http.Client{Timeout: 0} // want `http\.Client sets no Timeout`
}

// A parameter named time hides the package: no fix is offered.
func shadowed(time int) *http.Client {
	_ = time
	return &http.Client{} // want `http\.Client sets no Timeout`
}
