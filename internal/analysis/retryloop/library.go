package retryloop

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// retryFuncs maps library path -> function name -> index of the retried
// operation among the call's arguments.
var retryFuncs = map[string]map[string]int{
	BackoffV4: {
		"Retry":                       0,
		"RetryWithData":               0,
		"RetryNotify":                 0,
		"RetryNotifyWithData":         0,
		"RetryNotifyWithTimer":        0,
		"RetryNotifyWithTimerAndData": 0,
	},
	BackoffV5: {
		"Retry": 1,
	},
	RetryGoV4: {
		"Do":         0,
		"DoWithData": 0,
	},
	SethvargoRetry: {
		"Do":          2,
		"DoValue":     2,
		"Constant":    2,
		"Exponential": 2,
		"Fibonacci":   2,
	},
}

// retryableHTTPSends are the *retryablehttp.Client methods, and the package
// functions using the default client, that send a request and retry it by
// the client's configuration.
var retryableHTTPSends = map[string]bool{"Do": true, "Get": true, "Head": true, "Post": true, "PostForm": true}

// findLibrary returns the retry that call starts, or nil.
func findLibrary(pass *analysis.Pass, call *ast.CallExpr, enclosing ast.Node) *Retry {
	info := pass.TypesInfo
	pkg, name, fn := Callee(info, call)
	if fn == nil || pass.Pkg != nil && pass.Pkg.Path() == pkg {
		// The library's own code (its shortcuts call its Retry) is not a
		// use of it.
		return nil
	}
	if pkg == RetryableHTTP {
		sig, _ := fn.Type().(*types.Signature)
		if sig == nil || !retryableHTTPSends[name] {
			return nil
		}
		return &Retry{Kind: Library, Pos: call.Pos(), Call: call, Library: pkg, Attempts: []*ast.CallExpr{call}}
	}
	idx, ok := retryFuncs[pkg][name]
	if !ok || idx >= len(call.Args) {
		return nil
	}
	if sig, _ := fn.Type().(*types.Signature); sig == nil || sig.Recv() != nil {
		return nil
	}
	op := call.Args[idx]
	r := &Retry{Kind: Library, Pos: call.Pos(), Call: call, Library: pkg, Operation: op}
	switch target := operation(info, op, enclosing).(type) {
	case *ast.FuncLit:
		r.Body = target.Body
		r.Attempts = fallibleCalls(info, target.Body)
	case *types.Func:
		r.Func = target
	}
	return r
}

// operation resolves a retried operation to the *ast.FuncLit or *types.Func
// it denotes: directly, through a conversion such as backoff.Operation(f), or
// through a local variable assigned exactly once in the enclosing function.
func operation(info *types.Info, op ast.Expr, enclosing ast.Node) any {
	op = astutil.Unparen(op)
	switch e := op.(type) {
	case *ast.FuncLit:
		return e
	case *ast.CallExpr:
		// A conversion to the library's operation type.
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return operation(info, e.Args[0], enclosing)
		}
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok {
			if f, ok := sel.Obj().(*types.Func); ok {
				return f
			}
			return nil
		}
		if f, ok := info.Uses[e.Sel].(*types.Func); ok {
			return f
		}
	case *ast.Ident:
		switch obj := info.Uses[e].(type) {
		case *types.Func:
			return obj
		case *types.Var:
			if v := SoleAssignment(info, obj, enclosing); v != nil {
				if _, self := astutil.Unparen(v).(*ast.Ident); !self {
					return operation(info, v, enclosing)
				}
			}
		}
	case *ast.IndexExpr:
		// An instantiated generic function.
		return operation(info, e.X, enclosing)
	}
	return nil
}

// SoleAssignment returns the value assigned to the local variable v when the
// function scope holds exactly one assignment to it (its definition
// included), and nil otherwise.
func SoleAssignment(info *types.Info, v *types.Var, scope ast.Node) ast.Expr {
	if scope == nil || v == nil {
		return nil
	}
	var value ast.Expr
	count := 0
	ast.Inspect(scope, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id, ok := astutil.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					count++
					if len(n.Rhs) == len(n.Lhs) {
						value = n.Rhs[i]
					} else {
						value = nil
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.ObjectOf(id) == v {
					count++
					if len(n.Values) == len(n.Names) {
						value = n.Values[i]
					} else {
						value = nil
					}
				}
			}
		case *ast.UnaryExpr:
			// &v lets anyone assign it.
			if id, ok := astutil.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.ObjectOf(id) == v {
				count += 2
			}
		}
		return true
	})
	if count != 1 {
		return nil
	}
	return value
}

// fallibleCalls returns the calls of body, outside nested closures, whose
// last result is an error.
func fallibleCalls(info *types.Info, body *ast.BlockStmt) []*ast.CallExpr {
	var calls []*ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if ReturnsError(info, n) && !wrapsError(info, n) {
				calls = append(calls, n)
			}
		}
		return true
	})
	return calls
}
