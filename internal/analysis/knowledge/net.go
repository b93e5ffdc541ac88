package knowledge

import "strings"

// net and crypto/tls: net.Dial and tls.Dial wait as long as the operating
// system does to connect; a net.Dialer is bounded by its Timeout or
// Deadline, a tls.Dialer by the net.Dialer in its NetDialer field.

// Import paths of the standard dialers.
const (
	Net       = "net"
	CryptoTLS = "crypto/tls"
)

// DialerTimeoutFields are the fields of net.Dialer that bound a dial.
var DialerTimeoutFields = []string{"Timeout", "Deadline"}

// TLSDialerNetDialer is the field of tls.Dialer holding the net.Dialer it
// connects with; without it, tls.Dialer dials with a zero net.Dialer.
const TLSDialerNetDialer = "NetDialer"

// An UntimedDial is a package-level function that connects with no timeout
// at all: it waits as long as the operating system does to connect (on
// Linux, minutes of SYN retries against a host that dropped off the
// network).
type UntimedDial struct {
	Path, Name string
	// Network is the index of the network argument, -1 when the function
	// always dials TCP.
	Network int
	// EmptyIsLocal is set when the network "" means a local daemon's Unix
	// socket (log/syslog.Dial).
	EmptyIsLocal bool
	// Hint says how to bound the dial.
	Hint string
}

// UntimedDials are the dials without a timeout that dialtimeout reports
// beyond net.Dial, tls.Dial and the dialers, one entry per function,
// listed by the file of its library (net here, netsmtp.go, logsyslog.go).
//
// Of the typed dials of net, only DialTCP is here: DialUDP and DialIP send
// nothing to connect (see DatagramNetwork), and DialUnix connects to a
// local process.
var UntimedDials = append([]UntimedDial{
	{Path: Net, Name: "DialTCP", Network: 0,
		Hint: "use a net.Dialer with Timeout set and assert the *net.TCPConn it returns"},
}, append(smtpUntimedDials, syslogUntimedDials...)...)

// DatagramNetwork reports whether a dial on network sends nothing to
// connect: a UDP, IP or unixgram dial binds a socket, sets its peer and
// returns at once, so it has nothing to time out. Reads on the socket wait,
// but they are bounded by deadlines, not by the dial.
func DatagramNetwork(network string) bool {
	if i := strings.IndexByte(network, ':'); i >= 0 {
		network = network[:i] // "ip4:icmp"
	}
	switch network {
	case "udp", "udp4", "udp6", "ip", "ip4", "ip6", "unixgram":
		return true
	}
	return false
}

// LocalNetwork reports whether a dial on network connects to a process on
// the same host (a Unix domain socket): the connect returns at once unless
// that process stops accepting, and the dependency worth a timeout is
// across the network.
func LocalNetwork(network string) bool {
	switch network {
	case "unix", "unixgram", "unixpacket":
		return true
	}
	return false
}
