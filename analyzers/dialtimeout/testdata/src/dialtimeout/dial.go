package dialtimeout

import (
	"bufio"
	"crypto/tls"
	"net"
	"time"
)

// A Redis-like client that dials on demand.
type Client struct {
	addr   string
	dialer *net.Dialer
}

func (c *Client) connect() (net.Conn, error) {
	return net.Dial("tcp", c.addr) // want `net.Dial has no timeout, so connecting can wait as long as the operating system does; use net.DialTimeout or a net.Dialer with Timeout set`
}

func ping(addr string) error {
	conn, err := net.Dial("tcp", addr) // want `net.Dial has no timeout`
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = bufio.NewReader(conn).ReadString('\n')
	return err
}

func secureConnect(addr string, cfg *tls.Config) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, cfg) // want `tls.Dial has no timeout, so the connect and the TLS handshake can wait forever; use tls.DialWithDialer with a net.Dialer that sets Timeout`
}

// A zero-value dialer.
func zeroDialer(addr string) (net.Conn, error) {
	var d net.Dialer
	return d.Dial("tcp", addr) // want `\(\*net.Dialer\).Dial on a dialer that sets neither Timeout nor Deadline can wait as long as the operating system does to connect; set the dialer's Timeout`
}

// A literal that sets other fields only.
func keepAliveOnly(addr string) (net.Conn, error) {
	d := &net.Dialer{KeepAlive: 30 * time.Second}
	return d.Dial("tcp", addr) // want `\(\*net.Dialer\).Dial on a dialer that sets neither Timeout nor Deadline`
}

// A literal used in place, and a Timeout of constant zero.
func inline(addr string) (net.Conn, error) {
	if addr == "" {
		return (&net.Dialer{}).Dial("tcp", "localhost:6379") // loopback, a process on this machine: not reported
	}
	return (&net.Dialer{Timeout: 0}).Dial("tcp", addr) // want `\(\*net.Dialer\).Dial on a dialer`
}

func tlsWithDialer(addr string, cfg *tls.Config) (*tls.Conn, error) {
	return tls.DialWithDialer(&net.Dialer{}, "tcp", addr, cfg) // want `tls.DialWithDialer with a net.Dialer that sets neither Timeout nor Deadline can wait forever for the connect and the TLS handshake; set the dialer's Timeout`
}

func tlsWithVarDialer(addr string, cfg *tls.Config) (*tls.Conn, error) {
	d := &net.Dialer{DualStack: true}
	conn, err := tls.DialWithDialer(d, "tcp", addr, cfg) // want `tls.DialWithDialer with a net.Dialer that sets neither.*\(2 sites in tlsWithVarDialer share this cause\)`
	if err != nil {
		// A second use of the same dialer by net and tls does not share
		// it; it is the same cause, a site of the finding above.
		return tls.DialWithDialer(d, "tcp", addr, cfg)
	}
	return conn, nil
}

// A tls.Dialer without a NetDialer dials with a zero net.Dialer.
func tlsDialer(addr string) (net.Conn, error) {
	d := tls.Dialer{Config: &tls.Config{MinVersion: tls.VersionTLS12}}
	return d.Dial("tcp", addr) // want `\(\*tls.Dialer\).Dial with no NetDialer has no timeout`
}

// A dialer kept in an unexported field, built in the constructor.
type Pool struct {
	addr   string
	dialer *net.Dialer
}

func NewPool(addr string) *Pool {
	return &Pool{addr: addr, dialer: &net.Dialer{KeepAlive: time.Minute}}
}

func (p *Pool) open() (net.Conn, error) {
	return p.dialer.Dial("tcp", p.addr) // want `\(\*net.Dialer\).Dial on a dialer that sets neither`
}
