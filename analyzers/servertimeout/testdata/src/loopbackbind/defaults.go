package loopbackbind

import (
	"flag"
	"fmt"
	"net/http"
	"os"
)

// An address the operator may override but that the code sets to loopback
// by default: as shipped, the server is on this machine only.

var uiAddr = flag.String("http", "localhost:8080", "address of the web UI")

func webUI(h http.Handler) error {
	return http.ListenAndServe(*uiAddr, h) // not reported: a flag defaulting to localhost
}

func conformanceTarget(h http.Handler) error {
	addr := os.Getenv("TARGET_ADDR")
	if addr == "" {
		addr = "127.0.0.1:3000"
	}
	return http.ListenAndServe(addr, h) // not reported: loopback unless the environment says otherwise
}

func lookedUp(h http.Handler) error {
	addr, ok := os.LookupEnv("TARGET_ADDR")
	if !ok {
		addr = "[::1]:3000"
	}
	return http.ListenAndServe(addr, h) // not reported
}

var publicAddr = flag.String("listen", ":8080", "address to serve on")

func public(h http.Handler) error {
	return http.ListenAndServe(*publicAddr, h) // want `http.ListenAndServe serves with an http.Server that has no read timeouts`
}

func envOnly(h http.Handler) error {
	addr := os.Getenv("LISTEN_ADDR")
	return http.ListenAndServe(addr, h) // want `http.ListenAndServe serves with an http.Server that has no read timeouts`
}

func envPublicDefault(h http.Handler) error {
	addr := os.Getenv("LISTEN_ADDR")
	if addr == "" {
		addr = "0.0.0.0:8080"
	}
	return http.ListenAndServe(addr, h) // want `http.ListenAndServe serves with an http.Server that has no read timeouts`
}

// Flags registered with StringVar, into a variable or a field.

var debugAddr string

type arguments struct {
	ProxyBind string
	ProxyPort int
}

var args arguments

func registerFlags(fs *flag.FlagSet) {
	fs.StringVar(&debugAddr, "debug-addr", "localhost:6060", "debug server address")
	fs.StringVar(&args.ProxyBind, "proxybind", "127.0.0.1", "address the proxy binds")
	fs.StringVar(&listenAddr, "listen-addr", ":8080", "public address")
}

var listenAddr string

func debugServer(h http.Handler) error {
	return http.ListenAndServe(debugAddr, h) // not reported: the flag defaults to localhost
}

func proxyServer(a *arguments, h http.Handler) error {
	return http.ListenAndServe(fmt.Sprintf("%s:%d", a.ProxyBind, a.ProxyPort), h) // not reported: bound where -proxybind says, 127.0.0.1 by default
}

func publicServer(h http.Handler) error {
	return http.ListenAndServe(listenAddr, h) // want `http.ListenAndServe serves with an http.Server that has no read timeouts`
}
