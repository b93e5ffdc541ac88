package a

import (
	"net/http"
	"time"
)

type Config struct {
	Addr        string
	ReadTimeout time.Duration
	HeaderWait  time.Duration
}

// ---- positives ----

func newServer(cfg Config, h http.Handler) *http.Server {
	return &http.Server{Addr: cfg.Addr, Handler: h} // want `http\.Server sets neither ReadHeaderTimeout nor ReadTimeout, so a slow client can hold a connection forever; set ReadHeaderTimeout`
}

// Write and idle timeouts do not bound reading the request.
func writeOnly(h http.Handler) *http.Server {
	return &http.Server{ // want `http\.Server sets neither ReadHeaderTimeout nor ReadTimeout`
		Handler:      h,
		WriteTimeout: 10 * time.Second,
		IdleTimeout:  time.Minute,
	}
}

// A constant zero is no timeout.
func zero(h http.Handler) http.Server {
	return http.Server{Handler: h, ReadTimeout: 0, ReadHeaderTimeout: time.Duration(0)} // want `http\.Server sets neither`
}

func zeroLater(h http.Handler) error {
	srv := &http.Server{Handler: h} // want `http\.Server sets neither`
	srv.ReadHeaderTimeout = 0
	return srv.ListenAndServe()
}

type App struct {
	server *http.Server
	mux    *http.ServeMux
}

// Stored in a struct field by a constructor.
func NewApp(cfg Config) *App {
	mux := http.NewServeMux()
	return &App{
		mux:    mux,
		server: &http.Server{Addr: cfg.Addr, Handler: mux}, // want `http\.Server sets neither`
	}
}

// A package-level server nobody configures.
var adminServer = &http.Server{Addr: ":9090"} // want `http\.Server sets neither`

// Configuring a copy leaves the original open.
func copied(h http.Handler) *http.Server {
	base := http.Server{Handler: h} // want `http\.Server sets neither`
	srv := base
	srv.ReadTimeout = 5 * time.Second
	return &srv
}

// ---- negatives ----

func withHeaderTimeout(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second} // fine: headers bounded
}

func withReadTimeout(cfg Config, h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadTimeout: cfg.ReadTimeout} // fine: config decides
}

func setAfter(cfg Config, h http.Handler) error {
	srv := &http.Server{Addr: cfg.Addr, Handler: h} // fine: set below
	srv.ReadHeaderTimeout = cfg.HeaderWait
	return srv.ListenAndServe()
}

func NewAppWith(cfg Config) *App {
	app := &App{server: &http.Server{Addr: cfg.Addr}} // fine: app.server.ReadTimeout set below
	app.server.ReadTimeout = cfg.ReadTimeout
	return app
}

func setInClosure(cfg Config) *http.Server {
	srv := &http.Server{} // fine: the option sets it
	opt := func() { srv.ReadHeaderTimeout = cfg.HeaderWait }
	opt()
	return srv
}

var publicServer = &http.Server{Addr: ":443"} // fine: init sets ReadHeaderTimeout

func init() {
	publicServer.ReadHeaderTimeout = 5 * time.Second
}

// Embedding: s.ReadTimeout is the embedded server's.
type Server struct {
	http.Server
	name string
}

func newEmbedded(cfg Config) *Server {
	s := &Server{Server: http.Server{Addr: cfg.Addr}} // fine: s.ReadTimeout set below
	s.ReadTimeout = cfg.ReadTimeout
	return s
}

// A method on a configured server is not a package function.
func (a *App) Start() error {
	return a.server.ListenAndServe() // fine: the literal is checked where it is built
}

// Our own Server type.
type Listener struct{ ReadTimeout time.Duration }

func own() *Listener { return &Listener{} } // fine: not http.Server
