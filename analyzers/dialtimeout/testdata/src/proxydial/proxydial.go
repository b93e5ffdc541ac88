// Package proxydial checks the dialers of golang.org/x/net/proxy (issue
// 10, class 8): proxy.Direct dials with net.Dial, and the proxy dialers
// connect through the forward dialer they are given.
package proxydial

import (
	"context"
	"net"
	"net/url"
	"time"

	"golang.org/x/net/proxy"
)

func direct(addr string) (net.Conn, error) {
	return proxy.Direct.Dial("tcp", addr) // want `connects through proxy\.Direct, which calls net\.Dial with no timeout`
}

func socksDirect(proxyAddr, addr string) (net.Conn, error) {
	d, err := proxy.SOCKS5("tcp", proxyAddr, nil, proxy.Direct)
	if err != nil {
		return nil, err
	}
	return d.Dial("tcp", addr) // want `connects through proxy\.Direct`
}

func socksNilForward(proxyAddr, addr string) (net.Conn, error) {
	d, _ := proxy.SOCKS5("tcp", proxyAddr, nil, nil)
	return d.Dial("tcp", addr) // want `connects through proxy\.Direct`
}

func fromEnvironment(addr string) (net.Conn, error) {
	return proxy.FromEnvironment().Dial("tcp", addr) // want `connects through proxy\.Direct`
}

// A forward dialer with a timeout bounds the connect to the proxy.
func socksTimed(proxyAddr, addr string) (net.Conn, error) {
	d, err := proxy.SOCKS5("tcp", proxyAddr, nil, &net.Dialer{Timeout: 5 * time.Second})
	if err != nil {
		return nil, err
	}
	return d.Dial("tcp", addr) // not reported
}

func fromURL(u *url.URL, addr string) (net.Conn, error) {
	d, err := proxy.FromURL(u, &net.Dialer{Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	return d.Dial("tcp", addr) // not reported
}

// DialContext is bounded by its context (ctxdeadline's concern).
func directContext(ctx context.Context, addr string) (net.Conn, error) {
	return proxy.Direct.DialContext(ctx, "tcp", addr) // not reported
}

// A dialer given by the caller may be anything.
func given(d proxy.Dialer, addr string) (net.Conn, error) {
	return d.Dial("tcp", addr) // not reported
}
