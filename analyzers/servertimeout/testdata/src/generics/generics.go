package generics

import (
	"net/http"
	"time"
)

// NewServer builds a server for any handler type.
func NewServer[H http.Handler](addr string, h H) *http.Server {
	return &http.Server{Addr: addr, Handler: h} // want `http\.Server sets neither`
}

func NewBoundedServer[H http.Handler](addr string, h H, wait time.Duration) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: wait} // fine: bounded
}

type Service[T any] struct {
	srv   *http.Server
	state T
}

func (s *Service[T]) init(wait time.Duration) {
	s.srv = &http.Server{} // fine: s.srv.ReadTimeout set below
	s.srv.ReadTimeout = wait
}

func Serve[H http.Handler](addr string, h H) error {
	return http.ListenAndServe(addr, h) // want `http\.ListenAndServe serves`
}
