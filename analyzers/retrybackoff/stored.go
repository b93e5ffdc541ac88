package retrybackoff

import (
	"go/ast"
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
