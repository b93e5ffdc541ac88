// Package proxy is a stub of golang.org/x/net/proxy (v0.62.0): the
// signatures nines reads, with bodies that do what the real ones do to
// connect.
package proxy

import (
	"context"
	"net"
	"net/url"
)

// A Dialer is a means to establish a connection.
type Dialer interface {
	Dial(network, addr string) (c net.Conn, err error)
}

// A ContextDialer dials using a context.
type ContextDialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Auth contains authentication parameters.
type Auth struct {
	User, Password string
}

type direct struct{}

// Direct implements Dialer by making network connections directly using
// net.Dial or net.DialContext.
var Direct = direct{}

func (direct) Dial(network, addr string) (net.Conn, error) {
	return net.Dial(network, addr)
}

func (direct) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

func FromEnvironment() Dialer { return FromEnvironmentUsing(Direct) }

func FromEnvironmentUsing(forward Dialer) Dialer { return forward }

func FromURL(u *url.URL, forward Dialer) (Dialer, error) { return forward, nil }

func SOCKS5(network, address string, auth *Auth, forward Dialer) (Dialer, error) {
	return forward, nil
}

func Dial(ctx context.Context, network, address string) (net.Conn, error) {
	return Direct.DialContext(ctx, network, address)
}
