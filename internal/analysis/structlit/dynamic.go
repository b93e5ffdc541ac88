package structlit

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// Dynamic is a function a call through an interface or a function value
// may reach, with the variable or field that holds the value.
type Dynamic struct {
	Func   *types.Func
	Holder *types.Var // the variable or field called through
}

// maxDynamicDepth bounds how far DynamicCallees follows a value copied
// from one variable into another.
const maxDynamicDepth = 3

// DynamicCallees returns the functions that call may reach when it calls
// a method of an interface (x.s.Send(...) with s an interface-typed field
// or variable) or a function value held in a field or variable
// (x.send(...), send(...)), found from the values the package stores into
// that field or variable: a stored value of a concrete type gives that
// type's method, a stored function or method value (s.Send) gives that
// function. A variable copied from another is followed. Values whose
// concrete type the package does not show (an interface returned by a
// call, a parameter) add nothing, so the result may be partial: it names
// what the call may reach, not all of it. It is nil for calls named
// statically and for holders the package never stores into.
func (s *Stores) DynamicCallees(call *ast.CallExpr) []Dynamic {
	if s == nil || call == nil {
		return nil
	}
	fun := StripInstance(ast.Unparen(call.Fun))
	var out []Dynamic
	seen := make(map[*types.Func]bool)
	add := func(fn *types.Func, holder *types.Var) {
		if fn != nil && !seen[fn.Origin()] {
			seen[fn.Origin()] = true
			out = append(out, Dynamic{Func: fn.Origin(), Holder: holder})
		}
	}
	switch callee := typeutil.Callee(s.info, call).(type) {
	case *types.Func:
		sel, ok := fun.(*ast.SelectorExpr)
		if rt := recvType(callee); !ok || rt == nil || !types.IsInterface(rt) {
			return nil
		}
		holder := s.holderOf(sel.X)
		if holder == nil {
			return nil
		}
		for _, t := range s.concreteTypes(holder, 0) {
			if m, ok := methodOf(t, callee); ok {
				add(m, holder)
			}
		}
	case *types.Var:
		holder := callee
		for _, fn := range s.storedFuncs(holder, 0) {
			add(fn, holder)
		}
	}
	return out
}

func recvType(fn *types.Func) types.Type {
	if r := fn.Signature().Recv(); r != nil {
		return r.Type()
	}
	return nil
}

// holderOf returns the variable or field that e reads, or nil.
func (s *Stores) holderOf(e ast.Expr) *types.Var {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := s.info.Uses[e].(*types.Var)
		return v
	case *ast.SelectorExpr:
		if sel := s.info.Selections[e]; sel != nil {
			if sel.Kind() == types.FieldVal {
				v, _ := sel.Obj().(*types.Var)
				return v
			}
			return nil
		}
		v, _ := s.info.Uses[e.Sel].(*types.Var) // pkg.Var
		return v
	}
	return nil
}

// storesInto returns what the package stores into v, a variable or field.
func (s *Stores) storesInto(v *types.Var) *VarStores {
	if v.IsField() {
		return s.OfField(v)
	}
	return s.Of(v)
}

// concreteTypes returns the concrete types of the values stored into v.
func (s *Stores) concreteTypes(v *types.Var, depth int) []types.Type {
	vs := s.storesInto(v)
	if vs == nil || depth > maxDynamicDepth {
		return nil
	}
	var out []types.Type
	for _, st := range vs.Values {
		if st.Rhs == nil || st.Result >= 0 {
			continue
		}
		t := s.info.TypeOf(st.Rhs)
		if t == nil {
			continue
		}
		if !types.IsInterface(t) {
			out = append(out, t)
			continue
		}
		if from := s.holderOf(st.Rhs); from != nil && from != v {
			out = append(out, s.concreteTypes(from, depth+1)...)
		}
	}
	return out
}

// storedFuncs returns the functions stored into v, a variable or field of
// function type.
func (s *Stores) storedFuncs(v *types.Var, depth int) []*types.Func {
	vs := s.storesInto(v)
	if vs == nil || depth > maxDynamicDepth {
		return nil
	}
	var out []*types.Func
	for _, st := range vs.Values {
		if st.Rhs == nil || st.Result >= 0 {
			continue
		}
		if fn, _, ok := s.funcExpr(st.Rhs, 0); ok {
			out = append(out, fn)
			continue
		}
		if from := s.holderOf(st.Rhs); from != nil && from != v {
			out = append(out, s.storedFuncs(from, depth+1)...)
		}
	}
	return out
}

// methodOf returns the method of the concrete type t that implements the
// interface method m.
func methodOf(t types.Type, m *types.Func) (*types.Func, bool) {
	obj, _, _ := types.LookupFieldOrMethod(t, true, m.Pkg(), m.Name())
	fn, ok := obj.(*types.Func)
	if !ok || recvType(fn) == nil || types.IsInterface(recvType(fn)) {
		return nil, false
	}
	return fn, true
}
