package dialtimeout

// This file follows dialers where structlit's stores stop: a net.Dialer
// held by value in a struct field that nothing stores into, a dialer handed
// to a function of the package that dials with it, and the dialers of
// golang.org/x/net/proxy that connect through proxy.Direct.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/rootcause"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

type checker struct {
	pass   *analysis.Pass
	stores *structlit.Stores

	// Built on first use.
	decls     map[types.Object]*ast.FuncDecl
	dialsWith map[*types.Func][]bool // per parameter: dials with it as given
	stored    map[*types.Var]bool    // fields something stores into
}

// untimedNetDialer reports whether the net.Dialer e denotes sets neither
// Timeout nor Deadline: structlit saw every value it can hold, or it is an
// unexported field held by value that the package never stores into, so
// it holds the zero Dialer.
func (c *checker) untimedNetDialer(e ast.Expr) bool {
	switch c.stores.SetsAnyField(e, knowledge.Net, "Dialer", knowledge.DialerTimeoutFields...) {
	case structlit.No:
		return true
	case structlit.Yes:
		return false
	}
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := c.pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return false
	}
	f, ok := s.Obj().(*types.Var)
	if !ok || f.Exported() || f.Embedded() || f.Pkg() != c.pass.Pkg || !structlit.IsNamed(f.Type(), knowledge.Net, "Dialer") {
		return false
	}
	if _, isPtr := types.Unalias(f.Type()).(*types.Pointer); isPtr {
		return false // a nil pointer until something unseen sets it
	}
	return !c.fieldStored(f.Origin())
}

// fieldStored reports whether the package writes field f, or anything in
// it, or takes its address: a literal that sets it (keyed or positional),
// an assignment to it or below it (x.d = d, x.d.Timeout = t), or &x.d,
// which lets another function set it.
func (c *checker) fieldStored(f *types.Var) bool {
	if c.stored == nil {
		c.stored = make(map[*types.Var]bool)
		info := c.pass.TypesInfo
		mark := func(e ast.Expr) {
			if d, ok := structlit.VarPath(info, e); ok {
				for _, fld := range d.Fields {
					c.stored[fld.Origin()] = true
				}
			}
		}
		for _, file := range c.pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CompositeLit:
					st, ok := typeUnder(info.TypeOf(n)).(*types.Struct)
					if !ok {
						return true
					}
					for i, elt := range n.Elts {
						if kv, ok := elt.(*ast.KeyValueExpr); ok {
							if id, ok := kv.Key.(*ast.Ident); ok {
								if fld, ok := info.Uses[id].(*types.Var); ok {
									c.stored[fld.Origin()] = true
								}
							}
						} else if i < st.NumFields() {
							c.stored[st.Field(i).Origin()] = true
						}
					}
				case *ast.AssignStmt:
					for _, lhs := range n.Lhs {
						mark(lhs)
					}
				case *ast.IncDecStmt:
					mark(n.X)
				case *ast.UnaryExpr:
					if n.Op == token.AND {
						mark(n.X)
					}
				}
				return true
			})
		}
	}
	return c.stored[f]
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return t.Underlying()
}

// checkDialerArgs reports a net.Dialer without a timeout handed to a
// function of the package that dials with the dialer it is given: the
// cause is where the dialer is built, and the callee cannot see it.
func (c *checker) checkDialerArgs(r *rootcause.Reporter, call *ast.CallExpr, rc structlit.Call) {
	if rc.Func.Pkg() != c.pass.Pkg {
		return
	}
	dials := c.dialsWithParams(rc.Func)
	for i, arg := range rc.Args {
		if i >= len(dials) || !dials[i] {
			continue
		}
		if c.stores.SetsAnyField(arg, knowledge.Net, "Dialer", knowledge.DialerTimeoutFields...) != structlit.No {
			continue
		}
		r.Report(dialerKey(c.pass.TypesInfo, arg)+" to "+rc.Func.FullName(), analysis.Diagnostic{
			Pos:     arg.Pos(),
			End:     arg.End(),
			Message: rc.Func.Name() + " dials with this net.Dialer, which sets neither Timeout nor Deadline, so connecting can wait as long as the operating system does; set the dialer's Timeout",
		})
	}
}

// dialsWithParams says, for each parameter of fn, whether fn dials with
// it as it is given: it calls its Dial, or hands it to tls.DialWithDialer,
// and neither sets its Timeout or Deadline nor passes it on.
func (c *checker) dialsWithParams(fn *types.Func) []bool {
	if c.dialsWith == nil {
		c.dialsWith = make(map[*types.Func][]bool)
		c.decls = make(map[types.Object]*ast.FuncDecl)
		for _, f := range c.pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					if obj := c.pass.TypesInfo.Defs[fd.Name]; obj != nil {
						c.decls[obj] = fd
					}
				}
			}
		}
	}
	fn = fn.Origin()
	if res, ok := c.dialsWith[fn]; ok {
		return res
	}
	c.dialsWith[fn] = nil // a recursive call sees no dials
	fd := c.decls[fn]
	if fd == nil {
		return nil
	}
	info := c.pass.TypesInfo
	params := fn.Signature().Params()
	res := make([]bool, params.Len())
	for i := range params.Len() {
		p := params.At(i)
		if !structlit.IsNamed(p.Type(), knowledge.Net, "Dialer") {
			continue
		}
		dialed, other := false, false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[id] == p {
					switch n.Sel.Name {
					case "Dial":
						dialed = true
					case "DialContext", "KeepAlive", "LocalAddr", "Resolver", "Control", "ControlContext", "FallbackDelay", "KeepAliveConfig", "DualStack", "Cancel", "MultipathTCP", "SetMultipathTCP":
					default:
						other = true // Timeout, Deadline, or a field this check does not know
					}
				}
			case *ast.CallExpr:
				callee, _ := typeutil.Callee(info, n).(*types.Func)
				for j, a := range n.Args {
					id, ok := ast.Unparen(a).(*ast.Ident)
					if !ok || info.Uses[id] != p {
						continue
					}
					if callee != nil && callee.Pkg() != nil && callee.Pkg().Path() == knowledge.CryptoTLS && callee.Name() == "DialWithDialer" && j == 0 {
						dialed = true
					} else {
						other = true
					}
				}
			case *ast.AssignStmt:
				for _, rhs := range n.Rhs {
					if id, ok := ast.Unparen(rhs).(*ast.Ident); ok && info.Uses[id] == p {
						other = true // kept or copied somewhere
					}
				}
			}
			return true
		})
		res[i] = dialed && !other
	}
	c.dialsWith[fn] = res
	return res
}

// proxyDirect reports whether the dialer e denotes connects through
// proxy.Direct (knowledge.ProxyDialers): proxy.Direct itself, a proxy
// dialer built with it or with a nil forward dialer, or a variable that
// only ever holds one of those.
func (c *checker) proxyDirect(e ast.Expr) bool {
	return c.proxyDirectDepth(e, 0)
}

func (c *checker) proxyDirectDepth(e ast.Expr, depth int) bool {
	if e == nil || depth > 4 {
		return false
	}
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.SelectorExpr, *ast.Ident:
		var id *ast.Ident
		if sel, ok := x.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else {
			id = x.(*ast.Ident)
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			return false
		}
		if v.Pkg() != nil && knowledge.UntimedDialerVar(v.Pkg().Path(), v.Name()) {
			return true
		}
		if v.IsField() || v.Pkg() != c.pass.Pkg || v.Exported() && v.Kind() == types.PackageVar {
			return false
		}
		vs := c.stores.Of(v)
		if vs == nil || vs.Opaque || len(vs.Values) == 0 {
			return false
		}
		for _, st := range vs.Values {
			if st.Rhs == nil || st.Result > 0 || !c.proxyDirectDepth(st.Rhs, depth+1) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, x).(*types.Func)
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		fw, ok := knowledge.ForwardingDialer(fn.Pkg().Path(), fn.Name())
		if !ok {
			return false
		}
		if fw.Forward < 0 {
			return true // always forwards through proxy.Direct
		}
		if fw.Forward >= len(x.Args) {
			return false
		}
		arg := x.Args[fw.Forward]
		if tv, ok := info.Types[arg]; ok && tv.IsNil() {
			return true
		}
		return c.proxyDirectDepth(arg, depth+1)
	}
	return false
}
