package loopbackbind

import (
	"net"
	"net/http"
)

// A server kept in a field, served by another method on a listener kept
// in a field too: a mock device for tests, an admin socket.

type mockDevice struct {
	listener net.Listener
	server   *http.Server
}

func (m *mockDevice) start(h http.Handler) error {
	ln, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		return err
	}
	m.listener = ln
	m.server = &http.Server{Handler: h} // not reported: served only on the localhost listener
	go m.serve()
	return nil
}

func (m *mockDevice) serve() { _ = m.server.Serve(m.listener) }

func (m *mockDevice) stop() error { return m.server.Close() }

type public struct {
	listener net.Listener
	server   *http.Server
}

func (p *public) start(h http.Handler) error {
	ln, err := net.Listen("tcp", ":8080")
	if err != nil {
		return err
	}
	p.listener = ln
	p.server = &http.Server{Handler: h} // want `http.Server sets neither ReadHeaderTimeout nor ReadTimeout`
	go func() { _ = p.server.Serve(p.listener) }()
	return nil
}

type handedOn struct{ server *http.Server }

func (s *handedOn) start(h http.Handler, run func(*http.Server)) {
	s.server = &http.Server{Handler: h} // want `http.Server sets neither ReadHeaderTimeout nor ReadTimeout`
	run(s.server)
}
