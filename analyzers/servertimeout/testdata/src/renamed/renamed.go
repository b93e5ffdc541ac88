package renamed

import (
	nethttp "net/http"
	"time"
)

func main() {
	nethttp.ListenAndServe(":8080", nil) // want `http\.ListenAndServe serves`
}

func newServer() *nethttp.Server {
	return &nethttp.Server{} // want `http\.Server sets neither`
}

func newBounded() *nethttp.Server {
	return &nethttp.Server{ReadHeaderTimeout: time.Second} // fine: bounded
}
