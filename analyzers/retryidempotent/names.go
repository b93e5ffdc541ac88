package retryidempotent

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// funcName names fn for messages and facts: pkg.Func or pkg.Type.Method.
// The package is left out when it is from, so local helpers read as
// they are written.
func funcName(fn *types.Func, from *types.Package) string {
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil && fn.Pkg() != from {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// holderName names the variable or field a call goes through: "field
// worker.sender", "variable send".
func holderName(v *types.Var, from *types.Package) string {
	if !v.IsField() {
		return "variable " + v.Name()
	}
	name := v.Name()
	if owner := fieldOwner(v); owner != nil {
		name = owner.Obj().Name() + "." + name
		if owner.Obj().Pkg() != nil && owner.Obj().Pkg() != from {
			name = owner.Obj().Pkg().Name() + "." + name
		}
	}
	return "field " + name
}

// fieldOwner returns the named struct type declaring field f, found in
// its package's scope, or nil.
func fieldOwner(f *types.Var) *types.Named {
	if f.Pkg() == nil {
		return nil
	}
	scope := f.Pkg().Scope()
	for _, n := range scope.Names() {
		tn, ok := scope.Lookup(n).(*types.TypeName)
		if !ok {
			continue
		}
		named, ok := types.Unalias(tn.Type()).(*types.Named)
		if !ok {
			continue
		}
		st, ok := named.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			if st.Field(i) == f.Origin() {
				return named
			}
		}
	}
	return nil
}

// calleeFunc returns the function or method a call invokes, including
// interface methods, or nil for calls of function values, conversions and
// builtins.
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	if info == nil || call == nil {
		return nil
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// isPkgFunc reports whether fn is the package-level function path.name.
func isPkgFunc(fn *types.Func, path string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != path || fn.Signature().Recv() != nil {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// isMethod reports whether fn is a method named one of names on the type
// path.typeName (pointer or not).
func isMethod(fn *types.Func, path, typeName string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != path {
		return false
	}
	recv := fn.Signature().Recv()
	if recv == nil || !isNamed(recv.Type(), path, typeName) {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// isNamed reports whether t is path.name or *path.name.
func isNamed(t types.Type, path, name string) bool {
	if t == nil {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == path
}

// rootVar returns the variable an expression such as req, *req, (req) or
// s.req names, when it is a plain variable; fields resolve to the field's
// variable, which is shared by every value of the struct type and so good
// enough within one retry body.
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
			continue
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.UnaryExpr:
			e = x.X
			continue
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			return v
		case *ast.SelectorExpr:
			v, _ := info.ObjectOf(x.Sel).(*types.Var)
			return v
		}
		return nil
	}
}

// freshKeySource reports whether a call produces a new value on every
// call, so that a key computed from it differs between attempts: UUID,
// ULID, XID and KSUID generators, random numbers, and the clock.
func freshKeySource(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	switch path {
	case "math/rand", "math/rand/v2", "crypto/rand":
		return true
	case "time":
		return fn.Name() == "Now" && fn.Signature().Recv() == nil
	}
	switch {
	case strings.HasSuffix(path, "/uuid"), strings.Contains(path, "/uuid/"), strings.Contains(path, "go.uuid"),
		strings.Contains(path, "/ulid"), strings.HasSuffix(path, "/xid"), strings.HasSuffix(path, "/ksuid"):
		return fn.Signature().Recv() == nil && (strings.HasPrefix(fn.Name(), "New") || fn.Name() == "Make" || fn.Name() == "MustNew")
	}
	return false
}
