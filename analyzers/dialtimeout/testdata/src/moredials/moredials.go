// Package moredials: dialing APIs of the standard library beyond net.Dial
// and tls.Dial (issue 10, class 8).
package moredials

import (
	"net"
	"net/smtp"
	"time"
)

func tcp(raddr *net.TCPAddr) (*net.TCPConn, error) {
	return net.DialTCP("tcp", nil, raddr) // want `net.DialTCP has no timeout, so connecting can wait as long as the operating system does; use a net.Dialer with Timeout set`
}

func mail(addr string) (*smtp.Client, error) {
	return smtp.Dial(addr) // want `smtp.Dial has no timeout, so connecting can wait as long as the operating system does; dial with net.DialTimeout`
}

func send(addr string, msg []byte) error {
	return smtp.SendMail(addr, nil, "from@example.com", []string{"to@example.com"}, msg) // want `smtp.SendMail has no timeout`
}

// Not reported: UDP and IP dials send nothing; a Unix socket is local; an
// SMTP client over a connection dialed with a timeout is bounded.

func udp(raddr *net.UDPAddr) (*net.UDPConn, error) {
	return net.DialUDP("udp", nil, raddr)
}

func ip(raddr *net.IPAddr) (*net.IPConn, error) {
	return net.DialIP("ip4:icmp", nil, raddr)
}

func unix(raddr *net.UnixAddr) (*net.UnixConn, error) {
	return net.DialUnix("unix", nil, raddr)
}

func boundedMail(addr, host string) (*smtp.Client, error) {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	return smtp.NewClient(conn, host)
}
