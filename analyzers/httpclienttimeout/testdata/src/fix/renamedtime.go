package fix

import (
	"net/http"
	stdtime "time"
)

var _ = stdtime.Second

type service struct{ client *http.Client }

func newService() *service {
	return &service{client: &http.Client{}} // want `http\.Client sets no Timeout`
}
