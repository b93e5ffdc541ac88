// Package pflagbind registers address flags with spf13/pflag, as cobra
// commands do: a flag defaulting to loopback keeps the server on this
// machine unless the user names another host; one defaulting to every
// interface serves the network.
package pflagbind

import (
	"net"
	"net/http"

	"github.com/spf13/pflag"
)

type command struct {
	httpAddress string
	adminAddr   string
	publicAddr  string
}

func (c *command) flags(fs *pflag.FlagSet) {
	fs.StringVar(&c.httpAddress, "http-address", "localhost", "address of the health and metrics server")
	fs.StringVarP(&c.adminAddr, "admin", "a", "127.0.0.1:9091", "address of the admin server")
	fs.StringVar(&c.publicAddr, "listen", ":8080", "address to serve on")
}

var debugAddr = pflag.StringP("debug", "d", "[::1]:6060", "address of the debug server")

var openAddr = pflag.String("open", "0.0.0.0:7070", "address of the open server")

func (c *command) serveHealth(h http.Handler) error {
	return http.ListenAndServe(c.httpAddress+":9090", h) // not reported: a pflag flag defaulting to localhost
}

func (c *command) serveAdmin(h http.Handler) error {
	return http.ListenAndServe(c.adminAddr, h) // not reported: StringVarP defaulting to loopback
}

func serveDebug(h http.Handler) error {
	return http.ListenAndServe(*debugAddr, h) // not reported: StringP defaulting to loopback
}

func (c *command) servePublic(h http.Handler) error {
	return http.ListenAndServe(c.publicAddr, h) // want `http.ListenAndServe serves with an http.Server that has no read timeouts`
}

func serveOpen(h http.Handler) error {
	return http.ListenAndServe(*openAddr, h) // want `http.ListenAndServe serves with an http.Server that has no read timeouts`
}

// Parameters of unexported functions are followed to every call.

func startServer(addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h}
	return srv.ListenAndServe() // not reported: every call passes a loopback address
}

func (c *command) runHealth(h http.Handler) error {
	return startServer(net.JoinHostPort(c.httpAddress, "9090"), h)
}

func startEither(addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h} // want `http.Server sets neither ReadHeaderTimeout nor ReadTimeout`
	return srv.ListenAndServe()
}

func (c *command) runBoth(h http.Handler) error {
	if err := startEither(c.adminAddr, h); err != nil {
		return err
	}
	return startEither(c.publicAddr, h)
}

// StartExported may be called from other packages with any address.
func StartExported(addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h} // want `http.Server sets neither ReadHeaderTimeout nor ReadTimeout`
	return srv.ListenAndServe()
}

func (c *command) runExported(h http.Handler) error {
	return StartExported(c.adminAddr, h)
}
