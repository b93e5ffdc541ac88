package retrybackoff

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/retryloop"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// storedWait classifies a wait computed by a function value held in a field
// or variable (c.retryBackoff(attempt)), from the values the package stores
// into it: function literals are read where they are written, named
// functions by their facts. ok is false when the holder is not a function
// value, when the package stores nothing into it or something it cannot
// read (a parameter, a call's result), or when the holder may be set
// elsewhere (an exported field or variable): the wait is then trusted, as
// any other the analysis cannot follow.
func (lw *loopWaits) storedWait(call *ast.CallExpr) (s shape, ok bool) {
	vs := lw.holderStores(call)
	if vs == nil {
		vs = lw.defaultStores(call)
	}
	if vs == nil {
		return shape{}, false
	}
	counter := lw.takesCounter(call)
	for _, st := range vs.Values {
		if st.Rhs == nil || st.Result >= 0 {
			continue // the zero value: nothing to call
		}
		switch rhs := astutil.Unparen(st.Rhs).(type) {
		case *ast.FuncLit:
			one, known := literalWait(lw.info, rhs, counter)
			if !known {
				return shape{}, false
			}
			s = s.or(one)
		default:
			if retryloop.IsNil(lw.info, rhs) {
				continue
			}
			fn, isFunc := typeutil.Callee(lw.info, &ast.CallExpr{Fun: rhs}).(*types.Func)
			f := lw.waits.Of(fn)
			if !isFunc || f == nil {
				return shape{}, false
			}
			switch {
			case f.Jitter && f.JitterIf != "" && lw.madeWithoutField(rhs, f.JitterIf):
				// DefaultBackoff().Duration, a method value of a receiver
				// the package's constructor makes with the jitter field 0.
				s = s.or(shape{exp: f.Exponential, grows: f.Exponential})
			case f.Jitter:
				s = s.or(shape{rand: true, grows: true})
			case f.Exponential:
				s = s.or(shape{exp: true, grows: true})
			default:
				return shape{}, false
			}
		}
		ok = true
	}
	return s, ok
}

// holderStores returns the stores of the variable or field that call
// calls through, when the package alone sets it and stores something in
// it; nil otherwise.
func (lw *loopWaits) holderStores(call *ast.CallExpr) *structlit.VarStores {
	holder, isVar := typeutil.Callee(lw.info, call).(*types.Var)
	if !isVar || lw.stores == nil {
		return nil
	}
	vs := lw.stores.Of(holder)
	if holder.IsField() {
		vs = lw.stores.OfField(holder)
	}
	if vs == nil || vs.Opaque || len(vs.Values) == 0 {
		return nil
	}
	return vs
}

// defaultStores returns the stores of an exported field that call calls
// through when the package stores into it only defaults for a caller who
// left it unset (if c.RetryAfter == nil { c.RetryAfter =
// DefaultBackoff().Duration }): a caller may set another, but the default
// is what ships. nil when the package stores nothing there or stores
// otherwise (a constructor's literal, which the caller's option replaces).
func (lw *loopWaits) defaultStores(call *ast.CallExpr) *structlit.VarStores {
	holder, isVar := typeutil.Callee(lw.info, call).(*types.Var)
	if !isVar || !holder.IsField() || lw.stores == nil {
		return nil
	}
	vs := lw.stores.OfField(holder)
	if vs == nil || len(vs.Values) == 0 {
		return nil
	}
	for _, st := range vs.Values {
		if st.Rhs != nil && !lw.fillsNil(st.Lhs) {
			return nil
		}
	}
	return vs
}

// fillsNil reports a store to lhs made inside if lhs == nil { ... }: the
// value used when the caller left the field unset.
func (lw *loopWaits) fillsNil(lhs ast.Expr) bool {
	if lhs == nil {
		return false
	}
	for _, f := range lw.files {
		if lhs.Pos() < f.Pos() || lhs.Pos() > f.End() {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, lhs.Pos(), lhs.End())
		for _, n := range path {
			ifs, ok := n.(*ast.IfStmt)
			if !ok {
				continue
			}
			cond, ok := astutil.Unparen(ifs.Cond).(*ast.BinaryExpr)
			if ok && cond.Op == token.EQL && retryloop.IsNil(lw.info, cond.Y) && types.ExprString(cond.X) == types.ExprString(lhs) && contains(ifs.Body, lhs) {
				return true
			}
		}
	}
	return false
}

func contains(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// madeWithoutField reports a method value x.M whose receiver x is a call of
// a constructor of the package that returns a struct literal (or its
// address) with field set to the constant 0, directly or through its own
// parameters given constants by the calls that lead there
// (DefaultBacko() returns NewBacko(100*time.Millisecond, 2, 0, 10*time.Second),
// which returns &Backo{base, factor, jitter, cap}).
func (lw *loopWaits) madeWithoutField(methodValue ast.Expr, field string) bool {
	sel, ok := astutil.Unparen(methodValue).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := lw.constructed(sel.X, field, nil, 0)
	return ok && v.ExactString() == "0"
}

// constructed evaluates the constant that field gets in the struct e
// makes; binding gives the constant arguments of the parameters of the
// function being read.
func (lw *loopWaits) constructed(e ast.Expr, field string, binding map[types.Object]constant.Value, depth int) (constant.Value, bool) {
	if depth > 4 {
		return nil, false
	}
	e = astutil.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = astutil.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		st, ok := lw.info.TypeOf(e).Underlying().(*types.Struct)
		if !ok {
			return nil, false
		}
		for i, elt := range e.Elts {
			val := elt
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); !ok || k.Name != field {
					continue
				}
				val = kv.Value
			} else if i >= st.NumFields() || st.Field(i).Name() != field {
				continue
			}
			return lw.constOf(val, binding)
		}
		if len(e.Elts) == 0 || isKeyed(e) {
			return constant.MakeInt64(0), true // left out: the zero value
		}
		return nil, false
	case *ast.CallExpr:
		_, _, fn := knowledge.Callee(lw.info, e)
		fd := lw.decl(fn)
		if fd == nil || len(fd.Body.List) != 1 {
			return nil, false
		}
		ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
		if !ok || len(ret.Results) != 1 {
			return nil, false
		}
		inner := map[types.Object]constant.Value{}
		params := fn.Signature().Params()
		if fn.Signature().Variadic() || params.Len() != len(e.Args) {
			return nil, false
		}
		for i := range params.Len() {
			if c, ok := lw.constOf(e.Args[i], binding); ok {
				inner[params.At(i)] = c
			}
		}
		return lw.constructed(ret.Results[0], field, inner, depth+1)
	}
	return nil, false
}

func isKeyed(lit *ast.CompositeLit) bool {
	for _, e := range lit.Elts {
		if _, ok := e.(*ast.KeyValueExpr); !ok {
			return false
		}
	}
	return true
}

// constOf returns the constant value of e, a constant or a parameter bound
// to one.
func (lw *loopWaits) constOf(e ast.Expr, binding map[types.Object]constant.Value) (constant.Value, bool) {
	e = astutil.Unparen(e)
	if tv, ok := lw.info.Types[e]; ok && tv.Value != nil {
		return tv.Value, true
	}
	if id, ok := e.(*ast.Ident); ok {
		if v, ok := binding[lw.info.ObjectOf(id)]; ok {
			return v, true
		}
	}
	return nil, false
}

// decl returns the declaration of a function of the package, or nil.
func (lw *loopWaits) decl(fn *types.Func) *ast.FuncDecl {
	if fn == nil {
		return nil
	}
	for _, f := range lw.files {
		if fn.Pos() < f.Pos() || fn.Pos() > f.End() {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && lw.info.Defs[fd.Name] == fn {
				return fd
			}
		}
	}
	return nil
}

// storedSleep reports a call through a function value held in a field or
// variable into which the package stores only time.Sleep itself, and
// which nothing else may set (see storedWait).
func (lw *loopWaits) storedSleep(call *ast.CallExpr) bool {
	vs := lw.holderStores(call)
	if vs == nil {
		return false
	}
	sleeps := false
	for _, st := range vs.Values {
		if st.Rhs == nil || st.Result >= 0 || retryloop.IsNil(lw.info, st.Rhs) {
			continue
		}
		fn, ok := typeutil.Callee(lw.info, &ast.CallExpr{Fun: astutil.Unparen(st.Rhs)}).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "time" || fn.Name() != "Sleep" {
			return false
		}
		sleeps = true
	}
	return sleeps
}

// literalWait classifies the duration a function literal returns: jittered
// or exponential as its own scan says, and otherwise only when its body is
// a single return of arithmetic over its parameters and constants (return
// time.Second * time.Duration(attempt)), which grows with the attempt when
// the loop passes its counter and stays the same otherwise.
func literalWait(info *types.Info, lit *ast.FuncLit, counter bool) (shape, bool) {
	f := scanWaits(info, lit.Body, func(*types.Func) *WaitFact { return nil })
	switch {
	case f.Jitter:
		return shape{rand: true, grows: true}, true
	case f.Exponential:
		return shape{exp: true, grows: true}, true
	}
	if len(lit.Body.List) != 1 {
		return shape{}, false
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return shape{}, false
	}
	usesParam, plain := arithmetic(info, ret.Results[0])
	if !plain {
		return shape{}, false
	}
	return shape{grows: usesParam && counter}, true
}

// arithmetic reports whether e is made only of constants, parameters or
// other local variables, conversions and + - * /; usesParam is set when a
// variable appears in it.
func arithmetic(info *types.Info, e ast.Expr) (usesParam, ok bool) {
	if tv, isConst := info.Types[e]; isConst && tv.Value != nil {
		return false, true
	}
	switch e := astutil.Unparen(e).(type) {
	case *ast.Ident:
		v, isVar := info.Uses[e].(*types.Var)
		return isVar && !v.IsField(), isVar && !v.IsField()
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO:
			ux, okx := arithmetic(info, e.X)
			uy, oky := arithmetic(info, e.Y)
			return ux || uy, okx && oky
		}
	case *ast.CallExpr:
		if tv, isType := info.Types[e.Fun]; isType && tv.IsType() && len(e.Args) == 1 {
			return arithmetic(info, e.Args[0])
		}
	}
	return false, false
}

// supportOnly reports a retry whose every attempt calls into a
// test-support package (harness.SupportPackage: test_helpers, testutil):
// it drives the fixtures a test, or an example run as one, started.
func supportOnly(pass *analysis.Pass, r *retryloop.Retry) bool {
	if r.Kind != retryloop.Loop || len(r.Attempts) == 0 {
		return false
	}
	module := ""
	if pass.Module != nil {
		module = pass.Module.Path
	}
	for _, a := range r.Attempts {
		_, _, fn := knowledge.Callee(pass.TypesInfo, a)
		if fn == nil || !harness.SupportPackage(fn.Pkg(), module) {
			return false
		}
	}
	return true
}
