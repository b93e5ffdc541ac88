package knowledge

// golang.org/x/net/proxy: proxy.Direct's Dial calls net.Dial, which has no
// timeout (its DialContext dials with a zero net.Dialer, bounded by the
// context alone). The package's constructors return dialers that connect
// to the proxy through a forward dialer: proxy.Direct for FromEnvironment,
// the one given for SOCKS5, FromURL and FromEnvironmentUsing, and, when
// that one is nil, a zero net.Dialer under context.Background() (the SOCKS
// dialer's default), which is no bound either. Their Dial therefore waits
// as long as the operating system does to connect unless the forward
// dialer is a net.Dialer with Timeout set. Checked against
// golang.org/x/net v0.62.0, proxy/direct.go, proxy.go and socks5.go.

// XNetProxy is the import path of golang.org/x/net/proxy.
const XNetProxy = "golang.org/x/net/proxy"

// A DialerVar is a package variable holding a dialer whose Dial has no
// timeout.
type DialerVar struct{ Path, Name string }

// A Forwarder is a function returning a dialer that connects through the
// dialer it is given as argument Forward; -1 when it always connects
// through an untimed DialerVar.
type Forwarder struct {
	Path, Name string
	Forward    int
}

// UntimedDialerVars are the package variables whose Dial connects with no
// timeout, listed by the file of their library.
var UntimedDialerVars = []DialerVar{
	{Path: XNetProxy, Name: "Direct"},
}

// Forwarders are the functions returning a dialer that dials through a
// forward dialer, listed by the file of their library.
var Forwarders = []Forwarder{
	{Path: XNetProxy, Name: "FromEnvironment", Forward: -1},
	{Path: XNetProxy, Name: "FromEnvironmentUsing", Forward: 0},
	{Path: XNetProxy, Name: "FromURL", Forward: 1},
	{Path: XNetProxy, Name: "SOCKS5", Forward: 3},
}

// UntimedDialerVar reports whether path.name is an UntimedDialerVars entry.
func UntimedDialerVar(path, name string) bool {
	for _, v := range UntimedDialerVars {
		if v.Path == path && v.Name == name {
			return true
		}
	}
	return false
}

// ForwardingDialer returns the Forwarders entry of path.name.
func ForwardingDialer(path, name string) (Forwarder, bool) {
	for _, f := range Forwarders {
		if f.Path == path && f.Name == name {
			return f, true
		}
	}
	return Forwarder{}, false
}
