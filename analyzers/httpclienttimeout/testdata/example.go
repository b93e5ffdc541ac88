// Example: httpclienttimeout: an HTTP client without a timeout
package main

import (
	"net/http"
)

type PaymentsAPI struct {
	base   string
	client *http.Client
}

func NewPaymentsAPI(base string) *PaymentsAPI {
	return &PaymentsAPI{base: base, client: &http.Client{}}
}

func (p *PaymentsAPI) Healthy() bool {
	resp, err := http.Get(p.base + "/health")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func main() {}
