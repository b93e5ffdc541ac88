// Package loopbackconfig checks retries whose attempts are pointed at this
// machine by a configuration struct (issue 10, class 2): a dialer or
// options literal whose address fields are loopback constants.
package loopbackconfig

import (
	"context"
	"net"
	"time"
)

type Dialer struct {
	Address  string
	User     string
	Password string
}

type Opts struct{ Timeout time.Duration }

type Conn struct{}

func Connect(ctx context.Context, d Dialer, o Opts) (*Conn, error) {
	var nd net.Dialer
	_, err := nd.DialContext(ctx, "tcp", d.Address)
	return &Conn{}, err
}

// Not reported: every attempt goes to the local instance.
func connectLocal(ctx context.Context) (*Conn, error) {
	dialer := Dialer{Address: "127.0.0.1:3013", User: "test", Password: "test"}
	var err error
	for i := 0; i < 5; i++ {
		var c *Conn
		if c, err = Connect(ctx, dialer, Opts{Timeout: time.Second}); err == nil {
			return c, nil
		}
		time.Sleep(time.Second)
	}
	return nil, err
}

// Reported: the address is a remote host.
func connectRemote(ctx context.Context) (*Conn, error) {
	dialer := Dialer{Address: "db.internal:3013", User: "app"}
	var err error
	for i := 0; i < 5; i++ { // want `retry loop waits the same time between attempts`
		var c *Conn
		if c, err = Connect(ctx, dialer, Opts{Timeout: time.Second}); err == nil {
			return c, nil
		}
		time.Sleep(time.Second)
	}
	return nil, err
}

// Reported: the address is changed after the literal.
func connectMoved(ctx context.Context, addr string) (*Conn, error) {
	dialer := Dialer{Address: "127.0.0.1:3013"}
	dialer.Address = addr
	var err error
	for i := 0; i < 5; i++ { // want `retry loop waits the same time between attempts`
		var c *Conn
		if c, err = Connect(ctx, dialer, Opts{}); err == nil {
			return c, nil
		}
		time.Sleep(time.Second)
	}
	return nil, err
}
