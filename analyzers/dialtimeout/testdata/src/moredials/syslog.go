package moredials

import "log/syslog"

// A remote syslog server over TCP: syslog.Dial connects with net.Dial.
func remoteLog(network, addr string) (*syslog.Writer, error) {
	return syslog.Dial(network, addr, syslog.LOG_INFO, "app") // want `syslog.Dial has no timeout, so connecting can wait as long as the operating system does; dial the remote syslog server with a net.Dialer`
}

// Not reported: the network "" is the local daemon's socket, UDP sends
// nothing to connect, and a loopback collector is on this machine.

func localLog() (*syslog.Writer, error) {
	return syslog.Dial("", "", syslog.LOG_INFO, "app")
}

func udpLog(addr string) (*syslog.Writer, error) {
	return syslog.Dial("udp", addr, syslog.LOG_INFO, "app")
}

func loopbackLog() (*syslog.Writer, error) {
	return syslog.Dial("tcp", "127.0.0.1:514", syslog.LOG_INFO, "app")
}
