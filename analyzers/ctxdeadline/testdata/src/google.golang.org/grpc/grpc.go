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
