// Example: retrybound: a retry loop that never stops
package main

import (
	"net/http"
	"time"
)

func fetch(client *http.Client, req *http.Request) (*http.Response, error) {
	for {
		resp, err := client.Do(req)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		return resp, nil
	}
}

func main() {}
