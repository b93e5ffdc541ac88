package helper

import (
	"math/rand"
	"net/http"
	"time"
)

func Backoff(attempt int) time.Duration {
	return time.Duration(1<<attempt)*time.Second + time.Duration(rand.Int63n(int64(time.Second)))
}

func Double(attempt int) time.Duration { return time.Duration(1<<attempt) * time.Second }

func Retry(n int, op func() error) (err error) {
	for i := 0; i < n; i++ {
		if err = op(); err == nil {
			return nil
		}
		time.Sleep(Backoff(i))
	}
	return err
}

func Charge(c *http.Client) error {
	req, _ := http.NewRequest("POST", "https://x/charges", nil)
	_, err := c.Do(req)
	return err
}
