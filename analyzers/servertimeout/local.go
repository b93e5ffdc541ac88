package servertimeout

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// bindsLocally reports an http.Server literal that only ever listens on
// this machine: its Addr names a loopback host in the code, or it is kept
// in a local variable whose every Serve or ServeTLS call in the function
// is on a loopback or Unix-socket listener (or in an unexported field
// served so, see fieldServedLocally), and that has no ListenAndServe
// call (which would listen on Addr, all interfaces when it is empty). A
// server reached by nothing else on the network has no slow client to
// fear.
func bindsLocally(pass *analysis.Pass, stores *structlit.Stores, cur inspector.Cursor, lit *ast.CompositeLit, dest structlit.Dest) bool {
	info := pass.TypesInfo
	if addr := structlit.Field(info, lit, "Addr"); addr != nil && harness.LoopbackAddress(info, stores, addr) {
		return true
	}
	if dest.Kind != structlit.Variable || dest.Var == nil {
		return false
	}
	if len(dest.Fields) > 0 {
		return fieldServedLocally(pass, stores, dest.Fields[len(dest.Fields)-1])
	}
	var body ast.Node
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		body = fn.Node()
		break
	}
	if body == nil {
		return false
	}
	served, local := false, true
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok || info.Uses[id] != dest.Var {
			return true
		}
		switch sel.Sel.Name {
		case "Serve", "ServeTLS":
			served = true
			if len(call.Args) == 0 || !harness.LocalListener(info, stores, call.Args[0]) {
				local = false
			}
		case "ListenAndServe", "ListenAndServeTLS":
			local = false
		}
		return true
	})
	return served && local
}

// fieldServedLocally reports a server held in an unexported field f (s.srv
// = &http.Server{...}) whose every use in the package is a store, a Serve
// or ServeTLS call on a loopback or Unix-socket listener (at least one), or
// a call that stops it: a test's mock device, an admin endpoint started by
// one method and served by another. A ListenAndServe, or the server handed
// on anywhere, is not local.
func fieldServedLocally(pass *analysis.Pass, stores *structlit.Stores, f *types.Var) bool {
	if f == nil || f.Exported() || f.Embedded() || f.Pkg() != pass.Pkg {
		return false
	}
	info := pass.TypesInfo
	isF := func(e ast.Expr) (*ast.SelectorExpr, bool) {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		return sel, ok && info.ObjectOf(sel.Sel) == f
	}
	served, local := false, true
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if !local {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if sel, ok := isF(l); ok {
					ast.Inspect(sel.X, visit) // a store: not a use
				} else {
					ast.Inspect(l, visit)
				}
			}
			for _, r := range n.Rhs {
				ast.Inspect(r, visit)
			}
			return false
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			inner, ok := isF(sel.X)
			if !ok {
				return true
			}
			switch sel.Sel.Name {
			case "Serve", "ServeTLS":
				served = true
				if len(n.Args) == 0 || !harness.LocalListener(info, stores, n.Args[0]) {
					local = false
				}
			case "Close", "Shutdown", "RegisterOnShutdown", "SetKeepAlivesEnabled":
			default:
				local = false // ListenAndServe listens on Addr
			}
			ast.Inspect(inner.X, visit)
			for _, a := range n.Args {
				ast.Inspect(a, visit)
			}
			return false
		case *ast.SelectorExpr:
			if _, ok := isF(n); ok {
				local = false // the server read as a value: handed on
			}
		}
		return true
	}
	for _, file := range pass.Files {
		ast.Inspect(file, visit)
	}
	return served && local
}
