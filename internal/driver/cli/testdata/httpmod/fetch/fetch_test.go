package fetch

import (
	"net/http"
	"testing"
)

func TestGet(t *testing.T) {
	resp, err := http.Get("http://127.0.0.1:1")
	if err == nil {
		resp.Body.Close()
	}
}
