// Package networks: dials that send nothing to connect (UDP, IP, unixgram)
// or connect to a local process (Unix sockets) have no connect worth a
// timeout (issue 10, class 2). Dials to loopback addresses are still
// reported: the peer is another process that can stop accepting, and the
// address is often configurable.
package networks

import (
	"crypto/tls"
	"net"
)

func udp(addr string) (net.Conn, error) {
	return net.Dial("udp", addr) // binds a socket and returns: nothing to wait for
}

func udp6(addr string) (net.Conn, error) {
	return net.Dial("udp6", addr)
}

func icmp(addr string) (net.Conn, error) {
	return net.Dial("ip4:icmp", addr)
}

func unixgram(path string) (net.Conn, error) {
	return net.Dial("unixgram", path)
}

const statsdNetwork = "udp"

func statsd(addr string) (net.Conn, error) {
	return net.Dial(statsdNetwork, addr) // a named constant counts too
}

func dialerUDP(addr string) (net.Conn, error) {
	var d net.Dialer
	return d.Dial("udp", addr)
}

// Still reported: the network is not known to send nothing.

func anyNetwork(network, addr string) (net.Conn, error) {
	return net.Dial(network, addr) // want `net.Dial has no timeout`
}

func tcp(addr string) (net.Conn, error) {
	return net.Dial("tcp4", addr) // want `net.Dial has no timeout`
}

func loopback() (net.Conn, error) {
	return net.Dial("tcp", "127.0.0.1:8126") // a process on this machine (see package loopback): not reported
}

func tlsTCP(addr string) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, nil) // want `tls.Dial has no timeout`
}
