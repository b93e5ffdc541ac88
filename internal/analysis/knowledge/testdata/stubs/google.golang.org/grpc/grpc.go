// Package grpc is a stub of google.golang.org/grpc with the few names the
// fixtures use: ctxdeadline recognises gRPC stubs by the type name and
// package path of CallOption, so the real module is not needed.
package grpc

import "context"

// CallOption configures a call.
type CallOption interface{ before() }

// DialOption configures a connection.
type DialOption interface{ apply() }

// ClientConn is a client connection.
type ClientConn struct{ target string }

// NewClient creates a client connection without connecting.
func NewClient(target string, opts ...DialOption) (*ClientConn, error) {
	return &ClientConn{target: target}, nil
}

// Invoke sends a unary RPC.
func (cc *ClientConn) Invoke(ctx context.Context, method string, args, reply any, opts ...CallOption) error {
	return nil
}

// Close closes the connection.
func (cc *ClientConn) Close() error { return nil }

// ClientStream is a client-side stream.
type ClientStream interface {
	CloseSend() error
	Context() context.Context
	RecvMsg(m any) error
	SendMsg(m any) error
}

// StreamDesc describes a stream.
type StreamDesc struct{ StreamName string }

// NewStream opens a stream.
func (cc *ClientConn) NewStream(ctx context.Context, desc *StreamDesc, method string, opts ...CallOption) (ClientStream, error) {
	return nil, nil
}
