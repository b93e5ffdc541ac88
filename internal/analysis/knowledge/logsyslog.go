package knowledge

// log/syslog: Dial connects to a remote syslog server with net.Dial, which
// has no timeout, and takes no dialer. Its network "" (and New, which
// always takes it) means the local syslog daemon's Unix socket; "udp"
// sends nothing to connect. A "tcp" or "tcp+tls"-style remote log target
// that stops answering stalls the program at startup or on reconnect.

// LogSyslog is the import path of log/syslog.
const LogSyslog = "log/syslog"

var syslogUntimedDials = []UntimedDial{
	{Path: LogSyslog, Name: "Dial", Network: 0, EmptyIsLocal: true,
		Hint: "dial the remote syslog server with a net.Dialer with Timeout set and write RFC 5424 lines to the connection, or log to the local daemon (network \"\")"},
}
