package fix

import "net/http"

var client = &http.Client{} // want `http\.Client sets no Timeout`
