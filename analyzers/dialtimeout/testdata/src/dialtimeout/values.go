package dialtimeout

import (
	stdnet "net"
)

// A renamed import.
func renamed(addr string) (stdnet.Conn, error) {
	return stdnet.Dial("tcp", addr) // want `net.Dial has no timeout`
}

// A function value stored in a variable, as tests often do to stub it out.
var dialFunc = stdnet.Dial

func viaPackageVar(addr string) (stdnet.Conn, error) {
	return dialFunc("tcp", addr) // want `net.Dial has no timeout`
}

func viaLocal(addr string) (stdnet.Conn, error) {
	dial := stdnet.Dial
	return dial("tcp", addr) // want `net.Dial has no timeout`
}

// A method value of a zero dialer.
func viaMethodValue(addr string) (stdnet.Conn, error) {
	var d stdnet.Dialer
	dial := d.Dial
	return dial("tcp", addr) // want `\(\*net.Dialer\).Dial on a dialer`
}

// A method expression.
func viaMethodExpr(addr string) (stdnet.Conn, error) {
	d := &stdnet.Dialer{}
	return (*stdnet.Dialer).Dial(d, "tcp", addr) // want `\(\*net.Dialer\).Dial on a dialer`
}

// Generics: the dial happens inside a generic helper.
type Codec[T any] interface {
	Encode(T) []byte
}

func send[T any](addr string, c Codec[T], v T) error {
	conn, err := stdnet.Dial("tcp", addr) // want `net.Dial has no timeout`
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Write(c.Encode(v))
	return err
}
