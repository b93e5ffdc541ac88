package knowledge

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
