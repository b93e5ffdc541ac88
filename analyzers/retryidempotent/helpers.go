package retryidempotent

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/retryloop"
)

// retriesFunc is the fact exported on a retry helper of the program: a
// function that calls one of its function parameters as the attempt of a
// retry (func withRetry(n int, f func() error) error). Closures and
// functions passed to it are judged as if passed to a retry library.
type retriesFunc struct {
	Params []int
}

func (*retriesFunc) AFact() {}

func (f *retriesFunc) String() string {
	return fmt.Sprintf("retries its function parameters %v", f.Params)
}

func (a *analyzer) addRetriedFunc(fn *types.Func, i int) bool {
	return addParam(a.retriesFn, fn, i)
}

func (a *analyzer) retriesFuncOf(fn *types.Func) *retriesFunc {
	return paramFactOf(a, a.retriesFn, fn)
}

// funcParam returns the index of the function-typed parameter of fn that e
// names, or -1.
func (a *analyzer) funcParam(fn *types.Func, e ast.Expr) int {
	return a.paramIndex(fn, e, func(t types.Type) bool {
		_, isFunc := t.Underlying().(*types.Signature)
		return isFunc
	})
}

// retriedFuncParams records the function parameters of fn that a retry of
// fn calls as an attempt, or hands to a retry library.
func (a *analyzer) retriedFuncParams(fn *types.Func, r *retryloop.Retry) {
	for _, call := range r.Attempts {
		if i := a.funcParam(fn, call.Fun); i >= 0 {
			a.addRetriedFunc(fn, i)
		}
	}
	if r.Kind == retryloop.Library && r.Operation != nil {
		if i := a.funcParam(fn, r.Operation); i >= 0 {
			a.addRetriedFunc(fn, i)
		}
	}
}

// passesRetriedFuncs records the function parameters of fn that it hands
// on to a retry helper, and reports whether any was new.
func (a *analyzer) passesRetriedFuncs(fn *types.Func, s *scan) bool {
	changed := false
	for _, c := range s.calls {
		f := a.retriesFuncOf(c.callee)
		if f == nil {
			continue
		}
		for _, i := range f.Params {
			if i < len(c.call.Args) {
				if j := a.funcParam(fn, c.call.Args[i]); j >= 0 && a.addRetriedFunc(fn, j) {
					changed = true
				}
			}
		}
	}
	return changed
}

// retriedByHelpers finds the closures and functions that a function passes
// to retry helpers of the program, and returns their unsafe operations.
func (a *analyzer) retriedByHelpers(decl *ast.FuncDecl, s *scan) []*op {
	var ops []*op
	info := a.pass.TypesInfo
	for _, c := range s.calls {
		f := a.retriesFuncOf(c.callee)
		if f == nil {
			continue
		}
		for _, i := range f.Params {
			if i >= len(c.call.Args) {
				continue
			}
			arg := ast.Unparen(c.call.Args[i])
			if id, ok := arg.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok {
					if val := knowledge.SoleAssignment(info, v, decl); val != nil {
						arg = ast.Unparen(val)
					}
				}
			}
			switch x := arg.(type) {
			case *ast.FuncLit:
				repeated := closureRepeats(info, a.cfgOf(x.Body), "")
				for _, o := range a.ops(a.scanRegion(x.Body), s) {
					if repeated(o.node.Pos()) {
						ops = append(ops, o)
					}
				}
			case *ast.Ident, *ast.SelectorExpr:
				var obj types.Object
				if id, ok := x.(*ast.Ident); ok {
					obj = info.Uses[id]
				} else {
					obj = info.Uses[x.(*ast.SelectorExpr).Sel]
				}
				if fn, ok := obj.(*types.Func); ok {
					if fact := a.factOf(fn.Origin()); fact != nil {
						ops = append(ops, &op{kind: fact.Kind, node: c.call, fact: fact, helperFunc: fn})
					}
				}
			}
		}
	}
	return ops
}

// paramFact is a fact listing parameter indexes of a function: which of its
// requests, SQL strings or functions it retries.
type paramFact interface {
	analysis.Fact
	params() *[]int
}

func (f *retriesFunc) params() *[]int    { return &f.Params }
func (f *retriesSQL) params() *[]int     { return &f.Params }
func (f *retriesRequest) params() *[]int { return &f.Params }

// addParam records parameter i in fn's fact of the package being analyzed,
// creating it, and reports whether it was new.
func addParam[F any, PF interface {
	*F
	paramFact
}](local map[*types.Func]PF, fn *types.Func, i int) bool {
	f := local[fn]
	if f == nil {
		f = PF(new(F))
		local[fn] = f
	}
	ps := f.params()
	if slices.Contains(*ps, i) {
		return false
	}
	*ps = append(*ps, i)
	slices.Sort(*ps)
	return true
}

// paramFactOf returns fn's fact: from local for a function of the package
// being analyzed, else imported from its package; nil when it has none.
func paramFactOf[F any, PF interface {
	*F
	paramFact
}](a *analyzer, local map[*types.Func]PF, fn *types.Func) PF {
	if fn == nil {
		return nil
	}
	if fn.Pkg() == a.pass.Pkg {
		return local[fn]
	}
	f := PF(new(F))
	if fn.Pkg() != nil && a.pass.ImportObjectFact(fn, f) {
		return f
	}
	return nil
}

// paramIndex returns the index of the parameter of fn that e names when
// its type satisfies want, or -1.
func (a *analyzer) paramIndex(fn *types.Func, e ast.Expr, want func(types.Type) bool) int {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return -1
	}
	v, ok := a.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return -1
	}
	params := fn.Signature().Params()
	for i := 0; i < params.Len(); i++ {
		if params.At(i) == v && want(v.Type()) {
			return i
		}
	}
	return -1
}
