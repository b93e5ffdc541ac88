// Package rootcause checks that one cause is one finding (issue 10): the
// sites of one untimed API, or of one dialer, in one function or in the
// methods of one type are reported once, at the first site.
package rootcause

import (
	"net"
	"time"
)

type pool struct {
	addrs  []string
	dialer net.Dialer
}

// The dialer field is the one cause of every dial the type's methods make.
func (p *pool) first() (net.Conn, error) {
	return p.dialer.Dial("tcp", p.addrs[0]) // want `\(\*net\.Dialer\)\.Dial on a dialer that sets neither Timeout nor Deadline .*\(3 sites in the methods of pool share this cause\)`
}

func (p *pool) all() {
	for _, a := range p.addrs {
		p.dialer.Dial("tcp", a)
	}
}

func (p pool) retry() {
	p.dialer.Dial("tcp", p.addrs[0])
}

// net.Dial three times in one function: one finding.
func fanOut(addrs []string) {
	net.Dial("tcp", addrs[0]) // want `net\.Dial has no timeout.*\(3 sites in fanOut share this cause\)`
	net.Dial("tcp", addrs[1])
	net.Dial("tcp", addrs[2])
}

// Another function is another place to change.
func single(addr string) {
	net.Dial("tcp", addr) // want `net\.Dial has no timeout, so connecting can wait as long as the operating system does; use net\.DialTimeout or a net\.Dialer with Timeout set$`
}

// Two dialers in one function are two causes.
func twoDialers(addr string) {
	var a, b net.Dialer
	b.KeepAlive = time.Minute
	a.Dial("tcp", addr) // want `sets neither Timeout nor Deadline .*set the dialer's Timeout$`
	b.Dial("tcp", addr) // want `sets neither Timeout nor Deadline .*set the dialer's Timeout$`
}
