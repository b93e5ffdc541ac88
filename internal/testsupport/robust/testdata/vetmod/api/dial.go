package api

import (
	"context"
	"crypto/tls"
	"net"
	"time"
)

var pkgDialer net.Dialer

func connect(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }

func secure(addr string, cfg *tls.Config) (net.Conn, error) {
	d := &net.Dialer{KeepAlive: 30 * time.Second}
	if _, err := tls.DialWithDialer(d, "tcp", addr, cfg); err != nil {
		return nil, err
	}
	td := &tls.Dialer{}
	return td.Dial("tcp", addr)
}

func ctxDial(addr string) (net.Conn, error) {
	var d net.Dialer
	dial := d.DialContext
	_ = dial
	return d.DialContext(context.Background(), "tcp", addr)
}

func fine(addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: time.Second}
	pkgDialer.Deadline = time.Now().Add(time.Minute)
	return d.Dial("tcp", addr)
}

func generic[T any](addr string, v T) (net.Conn, error) { return tls.Dial("tcp", addr, nil) }
