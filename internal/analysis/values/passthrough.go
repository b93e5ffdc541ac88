package values

import (
	"go/ast"
	"go/types"
)

// ClientParam is the fact of a function that returns the http.Client it
// is given: every return statement returns its parameter Index (a
// *http.Client), or the result of a call that returns that parameter, and
// the function replaces the parameter only with clients that have a
// Timeout (if client == nil { client = &http.Client{Timeout: 5 *
// time.Second} }). A wrapper that installs its own transport on the
// caller's client (hedged requests, tracing, retries) keeps the caller's
// Timeout, so the client it returns is judged by the one passed in.
type ClientParam struct{ Index int }

// AFact marks ClientParam as a fact.
func (*ClientParam) AFact() {}

func (f *ClientParam) String() string { return "returns its client parameter" }

// paramOf returns the index of the client parameter fn returns (see
// ClientParam), or -1.
func (v *Values) paramOf(fn *types.Func, depth int) int {
	fn = fn.Origin()
	if fn.Pkg() != v.pass.Pkg {
		var f ClientParam
		if v.pass.ImportObjectFact(fn, &f) {
			return f.Index
		}
		return -1
	}
	return memo(&v.mu, v.passes, fn, -1, func() int { return v.computeParamOf(fn, depth) })
}

func (v *Values) computeParamOf(fn *types.Func, depth int) int {
	if depth > maxDepth {
		return -1
	}
	v.index()
	fd := v.funcs[fn]
	if fd == nil || fd.Body == nil {
		return -1
	}
	info := v.pass.TypesInfo
	sig := fn.Signature()
	res := sig.Results()
	idx := -1
	for i := range res.Len() {
		if isClient(res.At(i).Type()) {
			if idx >= 0 {
				return -1
			}
			idx = i
		}
	}
	if idx < 0 {
		return -1
	}
	// param returns the index of the client parameter e names when the
	// function replaces it only with bounded clients, or -1.
	param := func(e ast.Expr) int {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return -1
		}
		p, ok := info.Uses[id].(*types.Var)
		if !ok || !isClient(p.Type()) {
			return -1
		}
		for i := range sig.Params().Len() {
			if sig.Params().At(i) != p {
				continue
			}
			if vs := v.stores.Of(p); vs != nil {
				if vs.Opaque {
					return -1
				}
				for _, st := range vs.Values {
					if st.Rhs == nil || st.Result >= 0 || v.client(st.Rhs, depth+1) != Yes {
						return -1
					}
				}
			}
			return i
		}
		return -1
	}
	// through returns the parameter a call returns when it is given one of
	// fn's client parameters in the place its callee returns.
	through := func(c *ast.CallExpr) int {
		if c == nil {
			return -1
		}
		callee, ok := info.Uses[calleeIdent(c)].(*types.Func)
		if !ok {
			return -1
		}
		j := v.paramOf(callee, depth+1)
		if j < 0 || j >= len(c.Args) {
			return -1
		}
		return param(c.Args[j])
	}
	found := -1
	agree := func(i int) bool {
		if i < 0 || found >= 0 && i != found {
			return false
		}
		found = i
		return true
	}
	ok := true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			switch {
			case len(n.Results) == res.Len():
				r := n.Results[idx]
				if tv, isNil := info.Types[r]; isNil && tv.IsNil() {
					return true
				}
				i := param(r)
				if i < 0 {
					if id, isID := ast.Unparen(r).(*ast.Ident); isID {
						// newClient, _, err := wrap(timeout, upto, client); return newClient
						i = v.localFromCall(id, through)
					} else {
						i = through(callAt(r))
					}
				}
				ok = agree(i)
			case len(n.Results) == 1 && res.Len() > 1:
				ok = agree(through(callAt(n.Results[0])))
			default:
				ok = false
			}
		}
		return ok
	})
	if !ok {
		return -1
	}
	return found
}

// localFromCall follows a local variable set only from one result of calls
// that return a client parameter: through gives the parameter each call
// returns.
func (v *Values) localFromCall(id *ast.Ident, through func(*ast.CallExpr) int) int {
	obj, ok := v.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || !isClient(obj.Type()) {
		return -1
	}
	vs := v.stores.Of(obj)
	if vs == nil || vs.Opaque || len(vs.Values) == 0 {
		return -1
	}
	found := -1
	for _, st := range vs.Values {
		c := callAt(st.Rhs)
		if c == nil {
			return -1
		}
		i := through(c)
		if i < 0 || found >= 0 && i != found {
			return -1
		}
		found = i
	}
	return found
}
