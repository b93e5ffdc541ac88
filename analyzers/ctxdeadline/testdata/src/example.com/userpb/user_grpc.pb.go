// Package userpb looks like protoc-gen-go-grpc output.
package userpb

import (
	"context"
	"time"

	"google.golang.org/grpc"
)

type GetUserRequest struct{ Id int64 }

type User struct {
	Id   int64
	Name string
}

// UserServiceClient is the client API for UserService.
type UserServiceClient interface {
	GetUser(ctx context.Context, in *GetUserRequest, opts ...grpc.CallOption) (*User, error)
	ListUsers(ctx context.Context, in *GetUserRequest, opts ...grpc.CallOption) ([]*User, error)
	WatchUsers(ctx context.Context, in *GetUserRequest, opts ...grpc.CallOption) (UserService_WatchUsersClient, error)
}

// UserService_WatchUsersClient is a server-streaming client.
type UserService_WatchUsersClient interface {
	Recv() (*User, error)
	grpc.ClientStream
}

type userServiceClient struct {
	cc *grpc.ClientConn
}

func NewUserServiceClient(cc *grpc.ClientConn) UserServiceClient {
	return &userServiceClient{cc}
}

func (c *userServiceClient) GetUser(ctx context.Context, in *GetUserRequest, opts ...grpc.CallOption) (*User, error) {
	out := new(User)
	// The generated code passes the caller's context on: not flagged.
	if err := c.cc.Invoke(ctx, "/user.UserService/GetUser", in, out, opts...); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *userServiceClient) ListUsers(ctx context.Context, in *GetUserRequest, opts ...grpc.CallOption) ([]*User, error) {
	var out []*User
	if err := c.cc.Invoke(ctx, "/user.UserService/ListUsers", in, &out, opts...); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *userServiceClient) WatchUsers(ctx context.Context, in *GetUserRequest, opts ...grpc.CallOption) (UserService_WatchUsersClient, error) {
	stream, err := c.cc.NewStream(ctx, &grpc.StreamDesc{StreamName: "WatchUsers"}, "/user.UserService/WatchUsers", opts...)
	if err != nil {
		return nil, err
	}
	_ = stream
	return nil, nil
}

// DoGetUser is a test helper in the style of grpc's interop package: a plain
// function taking call options, which bounds the call itself.
func DoGetUser(ctx context.Context, c UserServiceClient, opts ...grpc.CallOption) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, _ = c.GetUser(ctx, &GetUserRequest{}, opts...)
}
