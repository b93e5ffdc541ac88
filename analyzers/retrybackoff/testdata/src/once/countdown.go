package once

import (
	"errors"
	"net/http"
	"time"
)

// Negative: a countdown of retries that starts at 1, written with a goto:
// one repeat after one wait, no series of waits to grow or spread.
func sendOnce(c *http.Client, req *http.Request) (*http.Response, error) {
	retries := 1
retry:
	resp, err := c.Do(req)
	if err != nil {
		if retries > 0 {
			retries--
			time.Sleep(time.Second)
			goto retry
		}
		return nil, err
	}
	if resp.StatusCode >= 500 && retries > 0 {
		retries--
		time.Sleep(time.Second)
		goto retry
	}
	return resp, nil
}

// Negative: the same countdown in a for loop, left by every path but the
// guarded continue.
func getOnce(c *http.Client, url string) (*http.Response, error) {
	var left = 1
	for {
		resp, err := c.Get(url)
		if err != nil && left != 0 {
			left -= 1
			time.Sleep(time.Second)
			continue
		}
		return resp, err
	}
}

// Positive: the countdown starts at 3: three waits of the same second.
func sendThrice(c *http.Client, req *http.Request) (*http.Response, error) {
	retries := 3
retry: // want "retry loop waits the same time between attempts"
	resp, err := c.Do(req)
	if err != nil && retries > 0 {
		retries--
		time.Sleep(time.Second)
		goto retry
	}
	return resp, err
}

// Positive: the counter is topped up again on one kind of error, so the
// loop can go around without end.
func refilled(c *http.Client, url string) (*http.Response, error) {
	left := 1
	for { // want "retry loop waits the same time between attempts"
		resp, err := c.Get(url)
		if errors.Is(err, errForbidden) {
			left++
		}
		if err != nil && left > 0 {
			left--
			time.Sleep(time.Second)
			continue
		}
		return resp, err
	}
}

// Positive: one branch back is not guarded by the countdown.
func halfGuarded(c *http.Client, url string) (*http.Response, error) {
	left := 1
	for { // want "retry loop waits the same time between attempts"
		resp, err := c.Get(url)
		if err != nil {
			if left > 0 {
				left--
				time.Sleep(time.Second)
				continue
			}
			time.Sleep(time.Second)
			continue
		}
		return resp, nil
	}
}

// Negative: two counted attempts, the second after switching to a version
// the first answer offered: one repeat, no series.
func negotiate(c *http.Client, url string) (*http.Response, error) {
	version := "2"
	for range 2 {
		resp, err := c.Get(url + "?v=" + version)
		if err == nil {
			return resp, nil
		}
		if errors.Is(err, errForbidden) {
			version = "1"
			continue
		}
		return nil, err
	}
	return nil, errForbidden
}

// Negative: for i := 0; i < 2; i++ makes two attempts.
func twice(c *http.Client, url string) (resp *http.Response, err error) {
	for i := 0; i < 2; i++ {
		if resp, err = c.Get(url); err == nil {
			return resp, nil
		}
		time.Sleep(time.Second)
	}
	return nil, err
}

// Positive: three counted attempts with no wait between them.
func thrice(c *http.Client, url string) (resp *http.Response, err error) {
	for i := 0; i < 3; i++ { // want "retry loop does not wait between attempts"
		if resp, err = c.Get(url); err == nil {
			return resp, nil
		}
	}
	return nil, err
}

// Positive: the counter is moved back in the body, so two is no cap.
func rewound(c *http.Client, url string) (resp *http.Response, err error) {
	for i := 0; i < 2; i++ { // want "retry loop does not wait between attempts"
		if resp, err = c.Get(url); err == nil {
			return resp, nil
		}
		if errors.Is(err, errForbidden) {
			i = 0
		}
	}
	return nil, err
}
