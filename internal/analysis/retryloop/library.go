package retryloop

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// findLibrary returns the retry that call starts, or nil.
func findLibrary(pass *analysis.Pass, call *ast.CallExpr, enclosing ast.Node) *Retry {
	info := pass.TypesInfo
	pkg, name, fn := knowledge.Callee(info, call)
	if fn == nil || pass.Pkg != nil && pass.Pkg.Path() == pkg {
		// The library's own code (its shortcuts call its Retry) is not a
		// use of it.
		return nil
	}
	lib := knowledge.LookupRetryLibrary(pkg)
	if lib == nil {
		return nil
	}
	if lib.Sends[name] {
		if sig, _ := fn.Type().(*types.Signature); sig == nil {
			return nil
		}
		return &Retry{Kind: Library, Pos: call.Pos(), Call: call, Library: pkg, Attempts: []*ast.CallExpr{call}}
	}
	idx, ok := lib.Retries[name]
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
			if v := knowledge.SoleAssignment(info, obj, enclosing); v != nil {
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
