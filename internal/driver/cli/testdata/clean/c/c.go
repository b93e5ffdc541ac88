package c

import (
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 10 * time.Second}

func Fetch(u string) (*http.Response, error) { return client.Get(u) }
