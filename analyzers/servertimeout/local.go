package servertimeout

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// bindsLocally reports an http.Server literal that only ever listens on
// this machine: its Addr names a loopback host in the code, or it is kept
// in a local variable whose every Serve or ServeTLS call in the function
// is on a loopback or Unix-socket listener, and that has no ListenAndServe
// call (which would listen on Addr, all interfaces when it is empty). A
// server reached by nothing else on the network has no slow client to
// fear.
func bindsLocally(pass *analysis.Pass, stores *structlit.Stores, cur inspector.Cursor, lit *ast.CompositeLit, dest structlit.Dest) bool {
	info := pass.TypesInfo
	if addr := structlit.Field(info, lit, "Addr"); addr != nil && harness.LoopbackAddress(info, stores, addr) {
		return true
	}
	if dest.Kind != structlit.Variable || dest.Var == nil || len(dest.Fields) > 0 {
		return false
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
