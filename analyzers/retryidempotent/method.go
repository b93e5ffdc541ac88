package retryidempotent

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/nines-dev/nines/internal/analysis/idempotency"
)

// Many API clients create every request in one helper that takes the
// method as a parameter: func (c *Client) do(ctx, method, path string,
// body any) error. The helper alone is neither safe nor unsafe; a call
// that passes "POST" is. sendsMethod is the fact exported on such helpers,
// and the call passing a constant POST or PATCH is judged as the creation
// of the request.

// sendsMethod is the fact exported on a function that creates a request
// whose method is its parameter Param, without setting a key on it.
type sendsMethod struct {
	Param int
	// Returns is set when the function returns the request to its caller
	// (a request builder) instead of sending it.
	Returns bool
	// Fresh names the generator when the function sets a key generated on
	// every call.
	Fresh string
}

func (*sendsMethod) AFact() {}

func (f *sendsMethod) String() string {
	s := fmt.Sprintf("sends a request with the method of parameter %d", f.Param)
	if f.Returns {
		s = fmt.Sprintf("builds a request with the method of parameter %d", f.Param)
	}
	if f.Fresh != "" {
		s += " and a key from " + f.Fresh
	}
	return s
}

func sameMethodFact(a, b *sendsMethod) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func (a *analyzer) sendsMethodOf(fn *types.Func) *sendsMethod {
	if fn == nil {
		return nil
	}
	if fn.Pkg() == a.pass.Pkg {
		return a.methods[fn]
	}
	f := new(sendsMethod)
	if fn.Pkg() != nil && a.pass.ImportObjectFact(fn, f) {
		return f
	}
	return nil
}

// paramIndex returns the index of v among fn's parameters, or -1.
func paramIndex(fn *types.Func, v *types.Var) int {
	params := fn.Signature().Params()
	for i := 0; i < params.Len(); i++ {
		if params.At(i) == v {
			return i
		}
	}
	return -1
}

// methodFact computes the sendsMethod fact of fn from its body's scan.
func (a *analyzer) methodFact(fn *types.Func, s *scan) *sendsMethod {
	for _, mc := range s.methodVars {
		i := paramIndex(fn, mc.method)
		if i < 0 {
			continue
		}
		f := &sendsMethod{Param: i}
		if mc.v != nil {
			key := a.keyOf(s, mc.v)
			if key.fresh == "" && (key.set || key.unknown || len(key.only) > 0) {
				continue
			}
			f.Fresh = key.fresh
			switch {
			case a.returned(s, mc.v):
				f.Returns = true
			case !a.sentIn(s, mc.v):
				continue
			}
		} else if s.returns[mc.call] {
			f.Returns = true
		}
		return f
	}
	// A method parameter handed on to such a helper.
	for _, c := range s.calls {
		cf := a.sendsMethodOf(c.callee)
		if cf == nil || cf.Returns || cf.Param >= len(c.call.Args) {
			continue
		}
		id, ok := ast.Unparen(c.call.Args[cf.Param]).(*ast.Ident)
		if !ok {
			continue
		}
		if v, ok := a.pass.TypesInfo.Uses[id].(*types.Var); ok {
			if i := paramIndex(fn, v); i >= 0 {
				return &sendsMethod{Param: i, Fresh: cf.Fresh}
			}
		}
	}
	return nil
}

// methodOps judges the calls of a region that pass a constant method to a
// request helper.
func (a *analyzer) methodOps(s *scan) []*op {
	var ops []*op
	for _, c := range s.calls {
		f := a.sendsMethodOf(c.callee)
		if f == nil || f.Param >= len(c.call.Args) {
			continue
		}
		method, ok := a.constString(c.call.Args[f.Param])
		if !ok || !idempotency.UnsafeMethod(method) {
			continue
		}
		var parts []string
		for _, arg := range c.call.Args {
			parts = append(parts, a.constantPartsOf(arg))
		}
		if idempotency.SafeEndpoint(strings.Join(parts, " ")) {
			continue
		}
		method = strings.ToUpper(method)
		what := funcName(c.callee, nil)
		key := keyState{fresh: f.Fresh}
		if f.Returns {
			v := s.assigned[c.call]
			if v == nil || !a.sentIn(s, v) {
				continue
			}
			k := a.keyOf(s, v)
			if k.fresh == "" && (k.set || k.unknown || len(k.only) > 0) {
				continue
			}
			key.merge(k)
		}
		if o := requestOp(c.call, what, method, key); o != nil {
			ops = append(ops, o)
		}
	}
	return ops
}
