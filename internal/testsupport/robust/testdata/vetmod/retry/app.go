package retry

import (
	"net/http"
	"time"

	"example.com/vetmod/helper"
)

func run2(c *http.Client) error {
	for i := 0; i < 3; i++ {
		if err := helper.Charge(c); err == nil {
			return nil
		}
		time.Sleep(helper.Double(i))
	}
	return helper.Retry(3, func() error { return helper.Charge(c) })
}
