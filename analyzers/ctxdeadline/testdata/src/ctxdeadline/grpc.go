package ctxdeadline

import (
	"context"
	"time"

	"example.com/userpb"
	rpc "google.golang.org/grpc"
)

type UserGateway struct {
	client  userpb.UserServiceClient
	timeout time.Duration
}

func NewUserGateway(conn *rpc.ClientConn) *UserGateway {
	return &UserGateway{client: userpb.NewUserServiceClient(conn), timeout: time.Second}
}

func (g *UserGateway) Name(id int64) (string, error) {
	u, err := g.client.GetUser(context.Background(), &userpb.GetUserRequest{Id: id}) // want `context.Background\(\) has no deadline, so the gRPC call \(userpb.UserServiceClient\).GetUser can wait forever`
	if err != nil {
		return "", err
	}
	return u.Name, nil
}

func (g *UserGateway) All() ([]*userpb.User, error) {
	ctx, cancel := context.WithCancel(context.TODO())
	defer cancel()
	return g.client.ListUsers(ctx, &userpb.GetUserRequest{}) // want `ctx has no deadline \(it comes from context.TODO\(\)\), so the gRPC call \(userpb.UserServiceClient\).ListUsers can wait forever`
}

func rawInvoke(conn *rpc.ClientConn) error {
	var out userpb.User
	return conn.Invoke(context.Background(), "/user.UserService/GetUser", &userpb.GetUserRequest{Id: 1}, &out) // want `so the gRPC call \(\*grpc.ClientConn\).Invoke can wait forever`
}

// Not flagged: bounded per call.
func (g *UserGateway) NameCtx(parent context.Context, id int64) (string, error) {
	ctx, cancel := context.WithTimeout(parent, g.timeout)
	defer cancel()
	u, err := g.client.GetUser(ctx, &userpb.GetUserRequest{Id: id})
	if err != nil {
		return "", err
	}
	return u.Name, nil
}

// Not flagged: the caller's context.
func (g *UserGateway) AllCtx(ctx context.Context) ([]*userpb.User, error) {
	return g.client.ListUsers(ctx, &userpb.GetUserRequest{})
}

// Not flagged: creating a client does not wait.
func connect(target string) (*rpc.ClientConn, error) {
	return rpc.NewClient(target)
}

// Not flagged: a stream lives as long as the conversation; it is bounded
// by cancelling its context, not by a deadline.
func (g *UserGateway) Watch(updates chan<- *userpb.User) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream, err := g.client.WatchUsers(ctx, &userpb.GetUserRequest{})
	if err != nil {
		return err
	}
	for {
		u, err := stream.Recv()
		if err != nil {
			return err
		}
		updates <- u
	}
}

func rawStream(conn *rpc.ClientConn) (rpc.ClientStream, error) {
	return conn.NewStream(context.Background(), &rpc.StreamDesc{StreamName: "Watch"}, "/user.UserService/WatchUsers")
}

// Not flagged: a package-level function that takes call options is a helper
// around stubs, not a stub; what it does with the context is its own affair
// (this one sets a deadline).
func interopStyle(c userpb.UserServiceClient) {
	userpb.DoGetUser(context.Background(), c)
}
