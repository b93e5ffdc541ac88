package a

import (
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
)

func main() {
	mux := http.NewServeMux()
	log.Fatal(http.ListenAndServe(":8080", mux)) // want `http\.ListenAndServe serves with an http\.Server that has no read timeouts, so slow clients can hold connections forever; use an http\.Server with ReadHeaderTimeout set`
}

func serveTLS(mux *http.ServeMux) error {
	return http.ListenAndServeTLS(":8443", "cert.pem", "key.pem", mux) // want `http\.ListenAndServeTLS serves with an http\.Server that has no read timeouts`
}

func serveListener(ln net.Listener, h http.Handler) error {
	return http.Serve(ln, h) // want `http\.Serve serves with an http\.Server that has no read timeouts`
}

func serveListenerTLS(ln net.Listener, h http.Handler) error {
	return http.ServeTLS(ln, h, "cert.pem", "key.pem") // want `http\.ServeTLS serves`
}

// The pprof side door on loopback is reachable from this machine only
// (see package loopbackbind).
func startDebug() {
	go http.ListenAndServe("localhost:6060", nil) // not reported
}

// A wrapper: the finding is inside it, where the fix belongs.
func Run(addr string, h http.Handler) error {
	return http.ListenAndServe(addr, h) // want `http\.ListenAndServe serves`
}

// A serve function taken as a value is reported where it is taken.
func runWith(serve func(string, http.Handler) error, addr string) error {
	return serve(addr, nil) // fine: the value is reported where it was taken
}

func start() error {
	listen := http.ListenAndServe // want `http\.ListenAndServe serves`
	return runWith(listen, ":8080")
}

// ---- negatives ----

type fakeMux struct{}

func (fakeMux) ListenAndServe(string) error { return nil }

// A local value named http is not the package.
func shadowed() error {
	http := fakeMux{}
	return http.ListenAndServe(":8080") // fine: not net/http
}

// ListenAndServe of our own.
func ListenAndServe(addr string) error { return nil }

func startOwn() error {
	return ListenAndServe(":8080") // fine: not net/http
}
