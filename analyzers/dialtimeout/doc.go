// Package dialtimeout defines an Analyzer that reports network dials
// without a timeout.
//
// # Analyzer dialtimeout
//
// dialtimeout: report network dials without a timeout
//
// net.Dial, and a net.Dialer with neither Timeout nor Deadline, wait for a
// TCP connection as long as the operating system does: on Linux, minutes of
// SYN retries against a host that dropped off the network. tls.Dial adds
// the TLS handshake, which a peer that accepted the connection and then
// stalled can hold forever. Every goroutine waiting there holds its
// caller's request, its pool slot and its memory; when a dependency goes
// dark, they pile up until the service falls over too.
//
// The analyzer reports, at the call:
//
//   - net.Dial;
//   - tls.Dial, which dials with a zero net.Dialer;
//   - (*net.Dialer).Dial on a dialer that sets neither Timeout nor Deadline;
//   - tls.DialWithDialer with such a dialer;
//   - (*tls.Dialer).Dial on a tls.Dialer with no NetDialer;
//   - net.DialTimeout whose timeout is a field of an options struct of the
//     package that nothing in the package sets (no assignment, literal,
//     address taken, struct tag, or value handed to another package as an
//     interface): 0, which DialTimeout takes for no timeout, unless every
//     caller fills it;
//   - net.DialTCP, smtp.Dial, smtp.SendMail and syslog.Dial (on a network
//     other than "", the local daemon), which connect with no timeout and
//     take no dialer (the list is a table in internal/analysis/knowledge:
//     net.go, netsmtp.go, logsyslog.go);
//   - Dial on golang.org/x/net/proxy's Direct, and on the dialers
//     proxy.FromEnvironment, SOCKS5, FromURL and FromEnvironmentUsing
//     return when their forward dialer is proxy.Direct or nil: they connect
//     with net.Dial (knowledge/xnetproxy.go);
//   - a net.Dialer without a timeout handed to a function of the package
//     that dials with the dialer it is given (and neither sets its Timeout
//     nor passes it on), at the argument.
//
// One cause is one finding: the sites of one API (net.Dial, tls.Dial,
// ...) or of one dialer (a variable, a field) in one function, or in the
// methods of one type, are reported once, at the first site, with the
// number of sites in the message and the others as related locations.
//
// A dialer "sets neither" when every value it can hold was seen and none
// sets them: the zero value (var d net.Dialer), &net.Dialer{}, a literal
// setting other fields only or a constant 0, in a local variable, an
// unexported package variable or an unexported struct field (one held by
// value that nothing in the package stores into holds the zero Dialer), with no
// d.Timeout = ... or d.Deadline = ... anywhere in the function (the package
// for package variables and fields). Calls are recognised by type, so
// renamed imports, method values (dial := net.Dial, dial := d.Dial), method
// expressions, package variables holding net.Dial and calls inside generic
// functions are reported too.
//
// Bad:
//
//	func (c *Client) connect() (net.Conn, error) {
//		return net.Dial("tcp", c.addr)
//	}
//
//	d := &net.Dialer{KeepAlive: 30 * time.Second}
//	conn, err := tls.DialWithDialer(d, "tcp", addr, cfg)
//
// Good:
//
//	func (c *Client) connect() (net.Conn, error) {
//		return net.DialTimeout("tcp", c.addr, c.cfg.ConnectTimeout)
//	}
//
//	d := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
//	conn, err := tls.DialWithDialer(d, "tcp", addr, cfg)
//
// Every external call must have a timeout, and the connect timeout and the
// read timeout must be set separately: a dial timeout bounds connecting
// (and, for tls.DialWithDialer, the handshake) only. Once connected, bound
// each exchange with conn.SetDeadline or SetReadDeadline; this analyzer
// does not check reads. Set the connect timeout from the dependency's
// connect latency, its p99 plus a 20% margin.
//
// The suggested fix rewrites net.Dial(network, address) to
// net.DialTimeout(network, address, 10*time.Second), keeping the name the
// file gives the net package and importing "time" when it is missing (or
// using the file's name for it, such as stdtime). It is offered only when
// net.Dial is named at the call: a call through a variable has nothing to
// rename. Ten seconds is a placeholder to tune, not a recommendation:
// -dialtimeout.timeout (timeout in .nines.hcl) sets the value it inserts.
//
// Not reported:
//
//   - net.DialTimeout, and dialers whose Timeout or Deadline is set, from a
//     constant, a variable, a config field or a later assignment;
//   - dialers from a parameter, an exported field, a call, or a pointer
//     handed to another function (other than net and crypto/tls) that may
//     set the timeout: the analyzer trusts what it cannot follow;
//   - dials whose network is the constant "unix", "unixgram" or
//     "unixpacket": the peer is a local process (often the program's own
//     admin socket), and the dependencies worth a timeout are across the
//     network;
//   - dials whose address names a loopback host in the code: a constant
//     ("127.0.0.1:8126", "[::1]:9000", "localhost:25"), "localhost:" + port,
//     net.JoinHostPort("127.0.0.1", port) or fmt.Sprintf("127.0.0.1:%d",
//     port), directly, through a variable that only ever holds one, or
//     through the field of a struct literal that sets it to one and is
//     never changed (t := target{Address: "127.0.0.1:3013"}; t.Address). The
//     peer is a process on this machine, often the program's own agent or
//     admin port. A flag or an environment variable whose default in the
//     code is such an address counts too (the operator who points it
//     elsewhere chose to); any other address from a flag, a setting or a
//     parameter is checked, and so is "0.0.0.0:..." (a listen address
//     reused);
//   - dials whose network is a constant on which dialing sends nothing
//     ("udp", "udp4", "udp6", "ip", "ip4:icmp", ...): the dial binds a
//     socket and returns at once, and only reads wait;
//   - DialContext: its context bounds it, and ctxdeadline reports contexts
//     without a deadline passed to it;
//   - net.DialUDP and net.DialIP (they send nothing), net.DialUnix (a
//     local peer), and dials made by other libraries (database drivers,
//     HTTP transports), which have timeouts of their own to set;
//   - net.DialTCP and smtp.Dial called through a function variable: only
//     variables holding a function that returns a net.Conn or a *tls.Conn
//     are followed.
//
// Not seen: a dialer handed to a function of another package, or to a
// function through an interface or a function value; a proxy dialer
// returned by a helper of the package; a dialer field assigned through
// reflection.
//
// The analyzer returns at once for packages that import neither net nor
// crypto/tls, directly or through a package they import.
//
// Nothing is reported in test-harness code (tests, helpers given
// testing.TB, test-support packages: those named *test or test*, and those
// their module imports only from tests; see internal/analysis/harness) unless
// the call names a remote host in a constant, nor in a generated file (one
// whose comment before the package clause reads "// Code generated ... DO
// NOT EDIT.", as go.dev/s/generatedcode defines it): the fix belongs in its
// generator, and the file is overwritten on the next run.
//
// To suppress a finding, say why on the reported line or the line above:
//
//	conn, err := net.Dial("tcp", agentAddr) //nolint:dialtimeout // the agent on this host, started before us
package dialtimeout
