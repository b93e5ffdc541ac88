package dialtimeout

import (
	"context"
	"crypto/tls"
	"net"
	"time"
)

type Config struct {
	Addr        string
	DialTimeout time.Duration
	Dialer      *net.Dialer
}

// Not flagged: DialTimeout.
func withTimeout(addr string) (net.Conn, error) {
	return net.DialTimeout("tcp", addr, 5*time.Second)
}

// Not flagged: a dialer with a Timeout from config.
func fromConfig(cfg Config) (net.Conn, error) {
	d := &net.Dialer{Timeout: cfg.DialTimeout, KeepAlive: 30 * time.Second}
	return d.Dial("tcp", cfg.Addr)
}

// Not flagged: a dialer with a Deadline.
func withDeadline(addr string, until time.Time) (net.Conn, error) {
	d := net.Dialer{Deadline: until}
	return d.Dial("tcp", addr)
}

// Not flagged: Timeout set after construction.
func setLater(cfg Config) (net.Conn, error) {
	var d net.Dialer
	if cfg.DialTimeout > 0 {
		d.Timeout = cfg.DialTimeout
	}
	return d.Dial("tcp", cfg.Addr)
}

// Not flagged: a dialer that comes from a parameter or a config field.
func given(d *net.Dialer, cfg Config) (net.Conn, error) {
	if cfg.Dialer != nil {
		return cfg.Dialer.Dial("tcp", cfg.Addr)
	}
	return d.Dial("tcp", cfg.Addr)
}

// Not flagged: DialContext is bounded by its context; ctxdeadline checks it.
func withContext(ctx context.Context, addr string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

// Not flagged: tls with a bounded dialer, and a tls.Dialer whose NetDialer
// sets Timeout.
func tlsBounded(addr string, cfg *tls.Config) (*tls.Conn, error) {
	return tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", addr, cfg)
}

func tlsDialerBounded(addr string) (net.Conn, error) {
	d := &tls.Dialer{NetDialer: &net.Dialer{Timeout: 5 * time.Second}}
	return d.Dial("tcp", addr)
}

// Not flagged: a pointer dialer handed to a function that may set its
// Timeout.
func applyDefaults(d *net.Dialer) { d.Timeout = 3 * time.Second }

func configured(addr string) (net.Conn, error) {
	d := &net.Dialer{}
	applyDefaults(d)
	return d.Dial("tcp", addr)
}

// Not flagged: a dialer field whose Timeout is set after the literal.
type Agent struct {
	dialer net.Dialer
	addr   string
}

func NewAgent(addr string, timeout time.Duration) *Agent {
	a := &Agent{addr: addr, dialer: net.Dialer{KeepAlive: time.Minute}}
	a.dialer.Timeout = timeout
	return a
}

func (a *Agent) conn() (net.Conn, error) { return a.dialer.Dial("tcp", a.addr) }

// Not flagged: the dialer variable is reassigned from a call.
func newDialer() *net.Dialer { return &net.Dialer{Timeout: time.Second} }

func reassigned(addr string) (net.Conn, error) {
	d := &net.Dialer{}
	if addr != "" {
		d = newDialer()
	}
	return d.Dial("tcp", addr)
}

// Not flagged: a Listen, and a function named Dial of this package.
func Dial(addr string) error { return nil }

func serve(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	defer l.Close()
	return Dial(addr)
}

// Not flagged: an exported field may be set by other packages.
type Exported struct{ Dialer *net.Dialer }

func (e *Exported) open(addr string) (net.Conn, error) {
	return e.Dialer.Dial("tcp", addr)
}

// Not flagged: a variable whose address is taken.
func addressTaken(addr string) (net.Conn, error) {
	var d net.Dialer
	setTimeout(&d)
	return d.Dial("tcp", addr)
}

func setTimeout(d *net.Dialer) { d.Timeout = time.Second }

// Not flagged: a Unix domain socket reaches a local process.
const agentSocket = "/run/agent.sock"

func localAgent() (net.Conn, error) {
	return net.Dial("unix", agentSocket)
}

func localAgentDialer() (net.Conn, error) {
	var d net.Dialer
	return d.Dial("unixpacket", agentSocket)
}
