package knowledge

import "strings"

// google.golang.org/grpc: a unary call through a generated stub waits for
// the server as long as its context allows. Stubs are recognised by their
// last parameter, ...grpc.CallOption, so the generated package needs no
// table of its own; streams (a result with CloseSend) are bounded by
// cancelling, not by a deadline.

// GRPC is the import path of grpc-go.
const GRPC = "google.golang.org/grpc"

// GRPCCallOption is the type of the options every generated stub method
// takes last.
const GRPCCallOption = "CallOption"

// IsGRPC reports whether path is grpc-go, or a vendored copy of it.
func IsGRPC(path string) bool {
	return path == GRPC || strings.HasSuffix(path, "/"+GRPC)
}
