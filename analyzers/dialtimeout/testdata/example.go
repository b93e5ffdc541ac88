// Example: dialtimeout: a connection dialled without a timeout
package main

import (
	"crypto/tls"
	"net"
	"time"
)

type Client struct{ addr string }

func (c *Client) connect() (net.Conn, error) {
	return net.Dial("tcp", c.addr)
}

func (c *Client) connectTLS(cfg *tls.Config) (net.Conn, error) {
	d := &net.Dialer{KeepAlive: 30 * time.Second}
	return tls.DialWithDialer(d, "tcp", c.addr, cfg)
}

func main() {}
