// Package loopback checks dials to this machine (issue 10, class 2): a
// constant loopback address is a process beside the program, often its own
// agent or admin port, with nothing across the network to wait for.
package loopback

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/smtp"
	"strconv"
)

const agentAddr = "127.0.0.1:8126"

func agent() (net.Conn, error) {
	return net.Dial("tcp", agentAddr) // loopback: not reported
}

func admin(port int) (net.Conn, error) {
	return net.Dial("tcp", "localhost:"+strconv.Itoa(port)) // not reported
}

func adminV6(port string) (net.Conn, error) {
	return net.Dial("tcp", net.JoinHostPort("::1", port)) // not reported
}

func adminSprintf(port int) (net.Conn, error) {
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	return net.Dial("tcp", addr) // not reported: the variable holds only a loopback address
}

func localMail() error {
	return smtp.SendMail("localhost:25", nil, "a@example.org", []string{"b@example.org"}, nil) // not reported
}

func localTLS(cfg *tls.Config) (net.Conn, error) {
	return tls.Dial("tcp", "[::1]:8443", cfg) // not reported
}

// An address from a setting may point anywhere in production: reported.
func remote(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net\.Dial has no timeout`
}

// A host written in the code that is not loopback: reported.
func public() (net.Conn, error) {
	return net.Dial("tcp", "example.org:443") // want `net\.Dial has no timeout`
}

// All interfaces is not loopback for a dial either: the dial goes to this
// host, but an address written like this is usually a listen address
// reused; reported.
func allInterfaces(port int) (net.Conn, error) {
	return net.Dial("tcp", fmt.Sprintf("0.0.0.0:%d", port)) // want `net\.Dial has no timeout`
}

// A variable that sometimes holds a remote address: reported.
func either(remote bool, port int) (net.Conn, error) {
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	if remote {
		addr = "example.org:443"
	}
	return net.Dial("tcp", addr) // want `net\.Dial has no timeout`
}

// A unix socket is the program's own admin socket or a local daemon.
func adminSocket(path string) (net.Conn, error) {
	return net.Dial("unix", path) // not reported
}

type target struct{ Address string }

var local = target{Address: "127.0.0.1:3013"}

func dialLocalTarget() (net.Conn, error) {
	addr := local.Address
	return net.Dial("tcp", addr) // not reported: the literal's address is loopback
}
