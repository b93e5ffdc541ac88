package knowledge

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// hashicorp/go-retryablehttp: a Client retries every request it sends,
// RetryMax times (4 by default, from NewClient), waiting by its Backoff
// (DefaultBackoff: exponential without jitter). Its configuration is the
// client's fields, read by ClientSettings, not the arguments of a call.

// RetryableHTTP is the import path of hashicorp/go-retryablehttp.
const RetryableHTTP = "github.com/hashicorp/go-retryablehttp"

var retryableHTTP = RetryLibrary{
	Path: RetryableHTTP,
	// The *retryablehttp.Client methods, and the package functions using
	// the default client, that send a request and retry it.
	Sends: map[string]bool{"Do": true, "Get": true, "Head": true, "Post": true, "PostForm": true},
}

// RetryableHTTPRequestType is the request type of go-retryablehttp; it
// embeds *http.Request.
const RetryableHTTPRequestType = "Request"

// RetryableHTTPNewRequest are the functions that build a request, with
// net/http's argument order (NewRequestWithContext takes the context first).
var RetryableHTTPNewRequest = []string{"NewRequest", "NewRequestWithContext"}

// RetryableHTTPPosts are the *retryablehttp.Client methods that send a POST
// at once, with no chance to set a header.
var RetryableHTTPPosts = []string{"Post", "PostForm"}

// ClientSetting is one field of a go-retryablehttp Client set in the
// package: `c.RetryMax = 10` or `&retryablehttp.Client{RetryMax: 10}`.
type ClientSetting struct {
	// Field is the field's name: RetryMax, Backoff, RetryWaitMin, ...
	Field string
	// Node is the assignment statement or the key-value element; diagnostics
	// go at its position.
	Node ast.Node
	// Value is the assigned expression.
	Value ast.Expr
}

// ClientSettings returns the go-retryablehttp Client fields set in files,
// in source order. The client itself retries every request it sends, so its
// configuration is the retry's configuration.
func ClientSettings(info *types.Info, files []*ast.File) []ClientSetting {
	if info == nil {
		return nil
	}
	var out []ClientSetting
	for _, f := range files {
		if !imports(f, RetryableHTTP) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					return true
				}
				for i, l := range n.Lhs {
					sel, ok := astutil.Unparen(l).(*ast.SelectorExpr)
					if !ok {
						continue
					}
					if isClientField(info, sel) {
						out = append(out, ClientSetting{Field: sel.Sel.Name, Node: n, Value: n.Rhs[i]})
					}
				}
			case *ast.CompositeLit:
				named, ok := types.Unalias(info.TypeOf(n)).(*types.Named)
				if !ok || !isClient(named) {
					return true
				}
				for _, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							out = append(out, ClientSetting{Field: id.Name, Node: kv, Value: kv.Value})
						}
					}
				}
			}
			return true
		})
	}
	return out
}

func isClientField(info *types.Info, sel *ast.SelectorExpr) bool {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return false
	}
	t := s.Recv()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && isClient(named)
}

func isClient(n *types.Named) bool {
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == RetryableHTTP && obj.Name() == "Client"
}

// BackoffWait classifies a go-retryablehttp Backoff value: DefaultBackoff is
// exponential without jitter; the linear jitter backoffs are jittered.
func BackoffWait(info *types.Info, e ast.Expr) Wait {
	var obj types.Object
	switch e := astutil.Unparen(e).(type) {
	case *ast.SelectorExpr:
		obj = info.Uses[e.Sel]
	case *ast.Ident:
		obj = info.Uses[e]
	}
	f, ok := obj.(*types.Func)
	if !ok || f.Pkg() == nil || f.Pkg().Path() != RetryableHTTP {
		return WaitUnknown
	}
	switch f.Name() {
	case "DefaultBackoff":
		return WaitExponential
	case "LinearJitterBackoff", "RateLimitLinearJitterBackoff":
		return WaitJittered
	}
	return WaitUnknown
}
