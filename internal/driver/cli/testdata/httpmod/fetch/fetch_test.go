package fetch

import (
	"net/http"
	"testing"
)

func TestGet(t *testing.T) {
	resp, err := http.Get("http://api.vendor.io/health") // a remote peer: a loopback fixture would be test harness
	if err == nil {
		resp.Body.Close()
	}
}
