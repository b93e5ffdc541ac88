package knowledge

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// The tables name functions by package path and name; these helpers resolve
// a call or a variable to what the tables can look up.

// Callee returns the package path and name of the function or method a call
// invokes statically, and the function itself; empty strings when unknown.
// Generic functions are resolved to their origin.
func Callee(info *types.Info, call *ast.CallExpr) (pkg, name string, fn *types.Func) {
	if info == nil || call == nil {
		return "", "", nil
	}
	fn, _ = typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return "", "", nil
	}
	fn = fn.Origin()
	return fn.Pkg().Path(), fn.Name(), fn
}

// SoleAssignment returns the value assigned to the local variable v when the
// function scope holds exactly one assignment to it (its definition
// included), and nil otherwise.
func SoleAssignment(info *types.Info, v *types.Var, scope ast.Node) ast.Expr {
	if scope == nil || v == nil {
		return nil
	}
	var value ast.Expr
	count := 0
	ast.Inspect(scope, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id, ok := astutil.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					count++
					if len(n.Rhs) == len(n.Lhs) {
						value = n.Rhs[i]
					} else {
						value = nil
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.ObjectOf(id) == v {
					count++
					if len(n.Values) == len(n.Names) {
						value = n.Values[i]
					} else {
						value = nil
					}
				}
			}
		case *ast.UnaryExpr:
			// &v lets anyone assign it.
			if id, ok := astutil.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.ObjectOf(id) == v {
				count += 2
			}
		}
		return true
	})
	if count != 1 {
		return nil
	}
	return value
}

// imports reports whether f imports path.
func imports(f *ast.File, path string) bool {
	for _, imp := range f.Imports {
		if imp.Path != nil && len(imp.Path.Value) > 2 && imp.Path.Value[1:len(imp.Path.Value)-1] == path {
			return true
		}
	}
	return false
}

// Imports reports whether any of files imports one of paths; analyzers use
// it to return early.
func Imports(files []*ast.File, paths ...string) bool {
	for _, f := range files {
		for _, p := range paths {
			if imports(f, p) {
				return true
			}
		}
	}
	return false
}
