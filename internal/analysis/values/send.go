package values

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// RequestSenders returns the clients that send the request built by the
// call at cur (an http.NewRequestWithContext call, say): the X of every
// X.Do(req) on an *http.Client, when the request is stored in a local
// variable and used only to be sent, read or modified there (req.Header,
// req.SetBasicAuth, req = ...). It reports false when the request goes
// anywhere else (returned, passed to a function, stored in a field), where
// the client that sends it cannot be seen.
func (v *Values) RequestSenders(cur inspector.Cursor) ([]ast.Expr, bool) {
	info := v.pass.TypesInfo
	dest := structlit.Destination(info, cur)
	if as, ok := cur.Parent().Node().(*ast.AssignStmt); ok && len(as.Rhs) == 1 && len(as.Lhs) > 1 && as.Rhs[0] == cur.Node() {
		// req, err := http.NewRequestWithContext(...): the request is the
		// first result.
		dest, _ = structlit.VarPath(info, as.Lhs[0])
	}
	if dest.Kind != structlit.Variable || dest.Var == nil || len(dest.Fields) > 0 || dest.Var.Kind() != types.LocalVar {
		return nil, false
	}
	vs := v.stores.Of(dest.Var)
	if vs == nil || vs.Opaque || vs.Root == nil {
		return nil, false
	}
	root, ok := v.insp.Root().FindNode(vs.Root)
	if !ok {
		return nil, false
	}
	var clients []ast.Expr
	for c := range root.Preorder((*ast.Ident)(nil)) {
		id := c.Node().(*ast.Ident)
		if info.Uses[id] != dest.Var {
			continue
		}
		parent := c.Parent()
		for {
			if _, ok := parent.Node().(*ast.ParenExpr); !ok {
				break
			}
			parent = parent.Parent()
		}
		switch p := parent.Node().(type) {
		case *ast.SelectorExpr:
			continue // req.Header, req.URL, req.WithContext(ctx)
		case *ast.AssignStmt:
			if isLhs(p, id) {
				continue
			}
			return nil, false
		case *ast.CallExpr:
			sel, ok := ast.Unparen(p.Fun).(*ast.SelectorExpr)
			if !ok || len(p.Args) != 1 {
				return nil, false
			}
			m, _ := info.Uses[sel.Sel].(*types.Func)
			if m == nil || m.Name() != "Do" || m.Signature().Recv() == nil ||
				!structlit.IsNamed(m.Signature().Recv().Type(), knowledge.NetHTTP, "Client") {
				return nil, false
			}
			if s := info.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
				return nil, false
			}
			clients = append(clients, sel.X)
		default:
			return nil, false
		}
	}
	return clients, len(clients) > 0
}

func isLhs(as *ast.AssignStmt, id *ast.Ident) bool {
	for _, l := range as.Lhs {
		if ast.Unparen(l) == ast.Expr(id) {
			return true
		}
	}
	return false
}
