package retryidempotent

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/nines-dev/nines/internal/analysis/idempotency"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// go-resty builds a request with a chain of setters and sends it with the
// method's name: client.R().SetHeader(...).SetBody(b).Post(url). The
// creation is the Post (or Patch, or Execute with a constant method) call;
// its key is set by SetHeader in the chain or on the builder variable.

func (sc *scanner) resty(call *ast.CallExpr, fn *types.Func) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	if knowledge.RestyHeaderSetters[fn.Name()] || knowledge.RestyHeaderMapSetters[fn.Name()] {
		// r.SetHeader(...) as a statement: the builder variable gets it.
		if v := chainRoot(sc.info, sel.X); v != nil {
			sc.request(v).key.merge(sc.restyHeader(call, fn))
		}
		return
	}
	method := ""
	switch {
	case knowledge.RestyUnsafeSends[fn.Name()]:
		method = strings.ToUpper(fn.Name())
	case fn.Name() == knowledge.RestyExecute:
		if len(call.Args) > 0 {
			if m, ok := sc.a.constString(call.Args[0]); ok {
				method = strings.ToUpper(m)
			}
		}
	}
	if !idempotency.UnsafeMethod(method) {
		return
	}
	c := &creation{node: call, method: method, what: "resty.Request." + fn.Name(), immediate: true}
	c.literalKey = sc.chainHeaders(sel.X)
	c.v = chainRoot(sc.info, sel.X)
	sc.s.creations = append(sc.s.creations, c)
}

// chainHeaders judges the header setters in a chain of resty calls.
func (sc *scanner) chainHeaders(e ast.Expr) keyState {
	var k keyState
	for e = ast.Unparen(e); ; {
		inner, ok := e.(*ast.CallExpr)
		if !ok {
			return k
		}
		isel, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr)
		if !ok {
			return k
		}
		if ifn := calleeFunc(sc.info, inner); ifn != nil && knowledge.IsRestyRequest(ifn) {
			k.merge(sc.restyHeader(inner, ifn))
		}
		e = ast.Unparen(isel.X)
	}
}

// restyHeader judges one header setter of a resty request.
func (sc *scanner) restyHeader(call *ast.CallExpr, fn *types.Func) keyState {
	switch {
	case knowledge.RestyHeaderSetters[fn.Name()]:
		if len(call.Args) == 2 {
			return sc.keyFromName(call.Args[0], call.Args[1])
		}
	case knowledge.RestyHeaderMapSetters[fn.Name()]:
		return keyState{unknown: true}
	}
	return keyState{}
}

// chainRoot returns the variable at the start of a method chain
// (r in r.SetBody(b).SetHeader(...)), or nil when the chain starts from a
// call such as client.R().
func chainRoot(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil
			}
			fn := calleeFunc(info, x)
			if fn == nil || !knowledge.IsRestyRequest(fn) {
				return nil
			}
			e = sel.X
		case *ast.Ident:
			v, _ := info.Uses[x].(*types.Var)
			return v
		default:
			return nil
		}
	}
}
