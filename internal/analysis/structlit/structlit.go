// Package structlit answers the questions the timeout analyzers ask about
// struct composite literals: does a literal set a field (keyed or
// positional), is that value a constant zero (the same as leaving it unset),
// where does the literal's value end up, and is the field set later on the
// variable that holds it (c.Timeout = ... after c := &http.Client{}).
//
// All answers come from type information (go/types objects), never from
// names, so renamed imports and aliases are followed. Every function
// tolerates missing type information (code with type errors): an unknown
// type or object makes the answer "no" or "unknown", never a panic.
package structlit

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
)

// IsNamed reports whether t, or the type t points to, is the named type
// path.name (for example "net/http", "Client"). Aliases are resolved;
// generic instances match their origin.
func IsNamed(t types.Type, path, name string) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == path && obj.Name() == name
}

// structOf returns the struct type of a composite literal, looking through
// a pointer (the type recorded for an elided &T{} in []*T{{...}}).
func structOf(info *types.Info, lit *ast.CompositeLit) *types.Struct {
	t := info.TypeOf(lit)
	if t == nil {
		return nil
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

// Field returns the expression lit gives for the named field, whether the
// literal is keyed (T{Name: v}) or positional (T{a, b, v}), or nil when the
// literal does not mention the field or its type is unknown.
func Field(info *types.Info, lit *ast.CompositeLit, name string) ast.Expr {
	st := structOf(info, lit)
	if st == nil {
		return nil
	}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if key, ok := kv.Key.(*ast.Ident); ok && key.Name == name {
				return kv.Value
			}
			continue
		}
		if i < st.NumFields() && st.Field(i).Name() == name {
			return elt
		}
	}
	return nil
}

// IsZero reports whether e is a constant zero value (0, 0.0, "", false,
// nil, or a typed conversion of one such as time.Duration(0)). Setting a
// field to such a value is the same as leaving it out.
func IsZero(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok {
		return false
	}
	if tv.IsNil() {
		return true
	}
	if tv.Value == nil {
		return false
	}
	switch tv.Value.Kind() {
	case constant.Int, constant.Float, constant.Complex:
		return constant.Sign(tv.Value) == 0
	case constant.String:
		return constant.StringVal(tv.Value) == ""
	case constant.Bool:
		return !constant.BoolVal(tv.Value)
	}
	return false
}

// Sets reports whether lit sets the named field to something other than a
// constant zero. A value from a variable, a call or a config field counts
// as set: the analyzers trust what they cannot evaluate.
func Sets(info *types.Info, lit *ast.CompositeLit, name string) bool {
	v := Field(info, lit, name)
	return v != nil && !IsZero(info, v)
}

// DestKind says where the value of a composite literal goes.
type DestKind int

const (
	// Unknown: passed to a function, stored in a map or slice, discarded,
	// or anything else structlit does not follow.
	Unknown DestKind = iota
	// Variable: stored in a variable, or in a field path below one
	// (c := T{}, s.client = &T{}, var c = T{}, S{f: T{}} assigned to s).
	Variable
	// Returned: the value (or a struct holding it) is returned.
	Returned
)

// Dest is where the value of a composite literal is stored. When Kind is
// Variable, the literal's value is reachable as Var.Fields[0].Fields[1]...;
// for c := &http.Client{} that is c with no fields, for
// s.client = &http.Client{} it is s with Fields [client].
type Dest struct {
	Kind   DestKind
	Var    *types.Var
	Fields []*types.Var
}

// Destination follows the value of the expression at cur (usually a
// composite literal, but any expression works) through parentheses, &, and
// enclosing struct literals (S{f: T{}}) to the assignment, declaration or
// return statement that stores it.
func Destination(info *types.Info, cur inspector.Cursor) Dest {
	var fields []*types.Var // collected innermost first
	for {
		parent := cur.Parent()
		if !parent.Valid() {
			return Dest{}
		}
		switch p := parent.Node().(type) {
		case *ast.ParenExpr:
			cur = parent
			continue
		case *ast.UnaryExpr:
			if p.Op != token.AND {
				return Dest{}
			}
			cur = parent
			continue
		case *ast.KeyValueExpr:
			if p.Value != cur.Node() {
				return Dest{}
			}
			outer := parent.Parent()
			lit, ok := outer.Node().(*ast.CompositeLit)
			if !ok || structOf(info, lit) == nil {
				return Dest{} // a map or slice element
			}
			key, _ := p.Key.(*ast.Ident)
			if key == nil {
				return Dest{}
			}
			f, _ := info.Uses[key].(*types.Var)
			if f == nil {
				return Dest{}
			}
			fields = append(fields, f)
			cur = outer
			continue
		case *ast.CompositeLit:
			st := structOf(info, p)
			if st == nil {
				return Dest{}
			}
			i := indexOf(p.Elts, cur.Node())
			if i < 0 || i >= st.NumFields() {
				return Dest{}
			}
			fields = append(fields, st.Field(i))
			cur = parent
			continue
		case *ast.ReturnStmt:
			return Dest{Kind: Returned, Fields: reversed(fields)}
		case *ast.AssignStmt:
			if len(p.Lhs) != len(p.Rhs) {
				return Dest{}
			}
			i := indexOf(p.Rhs, cur.Node())
			if i < 0 {
				return Dest{}
			}
			d, ok := VarPath(info, p.Lhs[i])
			if !ok {
				return Dest{}
			}
			d.Fields = append(d.Fields, reversed(fields)...)
			return d
		case *ast.ValueSpec:
			i := indexOf(p.Values, cur.Node())
			if i < 0 || len(p.Names) != len(p.Values) {
				return Dest{}
			}
			v, _ := info.Defs[p.Names[i]].(*types.Var)
			if v == nil {
				return Dest{}
			}
			return Dest{Kind: Variable, Var: v, Fields: reversed(fields)}
		default:
			return Dest{}
		}
	}
}

// VarPath resolves an expression such as c, *p, s.client or
// s.cfg.HTTP.Client to the variable it is rooted at and the struct fields
// selected below it, promoted fields of embedded structs included. It
// reports false for anything else (index expressions, calls, package
// qualified names of other packages are fine: pkg.Var resolves to Var).
func VarPath(info *types.Info, e ast.Expr) (Dest, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := info.ObjectOf(e).(*types.Var)
		if v == nil || v.IsField() {
			return Dest{}, false
		}
		return Dest{Kind: Variable, Var: v}, true
	case *ast.StarExpr:
		return VarPath(info, e.X)
	case *ast.SelectorExpr:
		sel := info.Selections[e]
		if sel == nil {
			// A qualified identifier: otherpkg.Var.
			if v, ok := info.Uses[e.Sel].(*types.Var); ok && !v.IsField() {
				return Dest{Kind: Variable, Var: v}, true
			}
			return Dest{}, false
		}
		if sel.Kind() != types.FieldVal {
			return Dest{}, false
		}
		d, ok := VarPath(info, e.X)
		if !ok {
			return Dest{}, false
		}
		d.Fields = append(d.Fields, embeddedPath(sel)...)
		f, _ := sel.Obj().(*types.Var)
		if f == nil {
			return Dest{}, false
		}
		d.Fields = append(d.Fields, f)
		return d, true
	}
	return Dest{}, false
}

// embeddedPath returns the embedded fields a promoted field selection walks
// through implicitly (s.Timeout where s embeds http.Client gives [Client]).
func embeddedPath(sel *types.Selection) []*types.Var {
	idx := sel.Index()
	var path []*types.Var
	t := sel.Recv()
	for _, i := range idx[:len(idx)-1] {
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return path
		}
		f := st.Field(i)
		path = append(path, f)
		t = f.Type()
	}
	return path
}

// AssignedLater reports whether the field named field of the value stored
// at dest is assigned a value that is not a constant zero after the
// literal at cur: in the outermost function enclosing cur (closures
// included), and, when dest is rooted at a package-level variable, in any
// init function of files. Assignments through a pointer (p.Timeout where p
// holds &T{}) and through field paths (s.client.Timeout) count; a copy
// of the variable (c2 := c; c2.Timeout = ...) does not.
func AssignedLater(info *types.Info, files []*ast.File, cur inspector.Cursor, dest Dest, field string) bool {
	if dest.Kind != Variable || dest.Var == nil {
		return false
	}
	after := cur.Node().End()
	var outermost ast.Node
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		outermost = c.Node()
	}
	if outermost != nil && assigns(info, outermost, dest, field, after) {
		return true
	}
	if v := dest.Var; v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		for _, f := range files {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if ok && fd.Recv == nil && fd.Name.Name == "init" && fd.Body != nil {
					if assigns(info, fd.Body, dest, field, token.NoPos) {
						return true
					}
				}
			}
		}
	}
	return false
}

// Assigns reports whether root contains, after position after, an
// assignment of a value that is not a constant zero to the named field of
// the value stored at dest (dest.Var.Fields....field = v). Pass
// token.NoPos to accept any position. It is the building block of
// AssignedLater for callers that know which function to search.
func Assigns(info *types.Info, root ast.Node, dest Dest, field string, after token.Pos) bool {
	if dest.Kind != Variable || dest.Var == nil {
		return false
	}
	return assigns(info, root, dest, field, after)
}

func assigns(info *types.Info, root ast.Node, dest Dest, field string, after token.Pos) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		if found {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Pos() < after {
			return true
		}
		for i, lhs := range as.Lhs {
			d, ok := VarPath(info, lhs)
			if !ok || d.Var != dest.Var || len(d.Fields) != len(dest.Fields)+1 {
				continue
			}
			last := d.Fields[len(d.Fields)-1]
			if last.Name() != field || !samePath(d.Fields[:len(dest.Fields)], dest.Fields) {
				continue
			}
			if len(as.Lhs) == len(as.Rhs) && IsZero(info, as.Rhs[i]) {
				continue
			}
			found = true
			return false
		}
		return true
	})
	return found
}

func samePath(a, b []*types.Var) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !sameField(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameField compares fields of generic instances by their origin, so that
// s.client in a method of Svc[T] matches the field of Svc[int] a literal
// was stored in.
func sameField(a, b *types.Var) bool {
	return a.Origin() == b.Origin()
}

func indexOf[E ast.Node](list []E, n ast.Node) int {
	for i, e := range list {
		if ast.Node(e) == n {
			return i
		}
	}
	return -1
}

func reversed(fields []*types.Var) []*types.Var {
	out := make([]*types.Var, len(fields))
	for i, f := range fields {
		out[len(fields)-1-i] = f
	}
	return out
}
