package values

import (
	"go/ast"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// ClientTimeout answers whether the http.Client that e denotes (a value
// or a pointer) has a Timeout: Yes when every value it can hold sets one
// (a literal with Timeout, a literal whose Timeout is assigned later, a
// function with a BoundedClient fact, a constructor of a library that
// knowledge lists with a default timeout), No when every value is
// http.DefaultClient, a copy of it or a literal without Timeout, and
// Unsure otherwise (a parameter, an exported variable, a call nines knows
// nothing of).
func (v *Values) ClientTimeout(e ast.Expr) Answer {
	return v.client(e, 0)
}

func (v *Values) client(e ast.Expr, depth int) Answer {
	if e == nil || depth > maxDepth {
		return Unsure
	}
	info := v.pass.TypesInfo
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	if star, ok := e.(*ast.StarExpr); ok {
		// A copy keeps the Timeout of what it copies.
		e = ast.Unparen(star.X)
	}
	if IsDefaultClient(info, e) {
		if v.DefaultClientBounded() {
			return Yes
		}
		return No
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		if !isClient(info.TypeOf(e)) {
			return Unsure
		}
		return v.literal(e)
	case *ast.CallExpr:
		return v.call(e, depth)
	case *ast.Ident:
		obj, vs := v.localVar(e)
		if obj == nil || vs == nil || !isClient(obj.Type()) {
			return Unsure
		}
		if root := vs.Root; root != nil {
			roots := []ast.Node{root}
			if obj.Kind() == types.PackageVar {
				roots = v.rootsOf()
			}
			for _, r := range roots {
				if structlit.Assigns(info, r, structlit.Dest{Kind: structlit.Variable, Var: obj}, "Timeout", token.NoPos) {
					return Yes
				}
			}
		}
		a := v.storesAnswer(vs, obj.Type(), depth)
		if a == Unsure && obj.Kind() == types.LocalVar && v.defaultsToUnbounded(vs, depth) {
			return No
		}
		return a
	case *ast.SelectorExpr:
		sel := info.Selections[e]
		if sel == nil || sel.Kind() != types.FieldVal {
			return Unsure
		}
		f, ok := sel.Obj().(*types.Var)
		if !ok || !isClient(f.Type()) {
			return Unsure
		}
		if a := v.configField(e, f, depth); a != Unsure {
			return a
		}
		if v.stores.FieldAssigned(f, "Timeout") {
			return Yes
		}
		vs := v.stores.OfField(f)
		if vs == nil || vs.Opaque || len(vs.Values) == 0 {
			return Unsure
		}
		return v.storesAnswer(vs, f.Type(), depth)
	}
	return Unsure
}

// storesAnswer joins the answers for every value stored in a variable or
// field of type t.
func (v *Values) storesAnswer(vs *structlit.VarStores, t types.Type, depth int) Answer {
	_, isPtr := types.Unalias(t).(*types.Pointer)
	var answers []Answer
	for _, st := range vs.Values {
		switch {
		case st.Rhs == nil:
			if isPtr {
				continue // nil: set before use, or a panic, not a wait
			}
			answers = append(answers, No) // the zero http.Client
		case st.Result >= 0:
			if c := callAt(st.Rhs); c != nil && st.Result == 0 {
				answers = append(answers, v.call(c, depth+1))
			} else {
				answers = append(answers, Unsure)
			}
		default:
			if tv, ok := v.pass.TypesInfo.Types[st.Rhs]; ok && tv.IsNil() {
				continue
			}
			answers = append(answers, v.client(st.Rhs, depth+1))
		}
	}
	return join(answers...)
}

// defaultsToUnbounded reports a local variable that starts as a client
// without a Timeout and is replaced only by a value the caller supplies,
// when it supplies one: client := http.DefaultClient; if c :=
// opts.Client; c != nil { client = c }. As the code ships, the default
// decides, and the default waits forever; a caller who passes a client
// chose its bounds.
func (v *Values) defaultsToUnbounded(vs *structlit.VarStores, depth int) bool {
	if len(vs.Values) < 2 {
		return false
	}
	first := vs.Values[0]
	if first.Rhs == nil || first.Result >= 0 || v.client(first.Rhs, depth+1) != No {
		return false
	}
	for _, st := range vs.Values[1:] {
		if st.Rhs == nil || st.Result >= 0 || !v.NilGuarded(st.Rhs) {
			return false
		}
	}
	return true
}

// NilGuarded reports whether the stored value e is assigned only inside an
// if statement whose condition is e != nil: a value the caller supplies
// replacing a default when it is there.
func (v *Values) NilGuarded(e ast.Expr) bool {
	cur, ok := v.cursor(e)
	if !ok {
		return false
	}
	info := v.pass.TypesInfo
	for c := range cur.Enclosing((*ast.IfStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		ifs, ok := c.Node().(*ast.IfStmt)
		if !ok {
			return false
		}
		if !(ifs.Body.Pos() <= e.Pos() && e.End() <= ifs.Body.End()) {
			continue
		}
		cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if !ok || cond.Op != token.NEQ {
			continue
		}
		x := cond.X
		if tv, ok := info.Types[x]; ok && tv.IsNil() {
			x = cond.Y
		} else if tv, ok := info.Types[cond.Y]; !ok || !tv.IsNil() {
			continue
		}
		if sameValue(info, x, e) {
			return true
		}
	}
	return false
}

// sameValue reports whether a and b name the same variable or field path
// (c and c, opts.Client and opts.Client).
func sameValue(info *types.Info, a, b ast.Expr) bool {
	a, b = ast.Unparen(a), ast.Unparen(b)
	switch a := a.(type) {
	case *ast.Ident:
		b, ok := b.(*ast.Ident)
		return ok && info.ObjectOf(a) != nil && info.ObjectOf(a) == info.ObjectOf(b)
	case *ast.SelectorExpr:
		b, ok := b.(*ast.SelectorExpr)
		return ok && info.ObjectOf(a.Sel) == info.ObjectOf(b.Sel) && sameValue(info, a.X, b.X)
	}
	return false
}

// literal answers for an http.Client composite literal: its Timeout, or
// one assigned later to the variable or field it is stored in.
func (v *Values) literal(lit *ast.CompositeLit) Answer {
	info := v.pass.TypesInfo
	if structlit.Sets(info, lit, "Timeout") {
		return Yes
	}
	if structlit.Field(info, lit, "Timeout") != nil {
		return No // Timeout: 0
	}
	if cur, ok := v.cursor(lit); ok {
		if structlit.AssignedLater(info, v.pass.Files, cur, structlit.Destination(info, cur), "Timeout") {
			return Yes
		}
	}
	return No
}

func (v *Values) cursor(n ast.Node) (inspector.Cursor, bool) {
	return v.insp.Root().FindNode(n)
}

// call answers for the client a call returns.
func (v *Values) call(c *ast.CallExpr, depth int) Answer {
	info := v.pass.TypesInfo
	if fn, ok := info.Uses[calleeIdent(c)].(*types.Func); ok {
		fn = fn.Origin()
		if i := v.paramOf(fn, depth+1); i >= 0 && i < len(c.Args) {
			// A wrapper returning the client it was given.
			return v.client(c.Args[i], depth+1)
		}
		if fn.Pkg() == v.pass.Pkg {
			return v.funcBounded(fn, depth+1)
		}
		if v.pass.ImportObjectFact(fn, new(BoundedClient)) {
			return Yes
		}
		if fn.Pkg() != nil {
			if k, ok := knowledge.LookupClientConstructor(fn.Pkg().Path(), fn.Name(), ""); ok {
				if k.Timeout {
					return Yes
				}
				return No
			}
		}
		return Unsure
	}
	// new(http.Client): the zero client, unless a Timeout is assigned.
	if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && len(c.Args) == 1 {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "new" && isClient(info.TypeOf(c.Args[0])) {
			if cur, ok := v.cursor(c); ok && structlit.AssignedLater(info, v.pass.Files, cur, structlit.Destination(info, cur), "Timeout") {
				return Yes
			}
			return No
		}
	}
	return Unsure
}

func calleeIdent(c *ast.CallExpr) *ast.Ident {
	switch fun := structlit.StripInstance(ast.Unparen(c.Fun)).(type) {
	case *ast.Ident:
		return fun
	case *ast.SelectorExpr:
		return fun.Sel
	}
	return nil
}

// funcBounded answers whether every return statement of a function of
// this package returns a client with a Timeout.
func (v *Values) funcBounded(fn *types.Func, depth int) Answer {
	return memo(&v.mu, v.bounded, fn, Unsure, func() Answer { return v.computeFuncBounded(fn, depth) })
}

// memo returns m[fn], computing it once; while it is being computed, a
// recursive call sees pending, which adds nothing.
func memo[T any](mu *sync.Mutex, m map[*types.Func]T, fn *types.Func, pending T, compute func() T) T {
	mu.Lock()
	a, done := m[fn]
	if !done {
		m[fn] = pending
	}
	mu.Unlock()
	if done {
		return a
	}
	a = compute()
	mu.Lock()
	m[fn] = a
	mu.Unlock()
	return a
}

func (v *Values) computeFuncBounded(fn *types.Func, depth int) Answer {
	if depth > maxDepth {
		return Unsure
	}
	v.index()
	fd := v.funcs[fn]
	if fd == nil || fd.Body == nil {
		return Unsure
	}
	res := fn.Signature().Results()
	idx := -1
	for i := range res.Len() {
		if isClient(res.At(i).Type()) {
			if idx >= 0 {
				return Unsure // two clients: which one?
			}
			idx = i
		}
	}
	if idx < 0 {
		return Unsure
	}
	var answers []Answer
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			switch {
			case len(n.Results) == res.Len():
				if tv, ok := v.pass.TypesInfo.Types[n.Results[idx]]; ok && tv.IsNil() {
					return true // nil with an error: no client to send with
				}
				answers = append(answers, v.client(n.Results[idx], depth+1))
			case len(n.Results) == 1 && res.Len() > 1:
				if c := callAt(n.Results[0]); c != nil && idx == 0 {
					answers = append(answers, v.call(c, depth+1))
				} else {
					answers = append(answers, Unsure)
				}
			default:
				answers = append(answers, Unsure) // a bare return of named results
			}
		}
		return true
	})
	return join(answers...)
}

// rootsOf returns the package's top-level declarations.
func (v *Values) rootsOf() []ast.Node {
	var out []ast.Node
	for _, f := range v.pass.Files {
		for _, d := range f.Decls {
			out = append(out, d)
		}
	}
	return out
}

// configField answers for cfg.Field when cfg only ever holds the result of
// a library constructor that knowledge lists for that field, and the
// package never replaces the field on it.
func (v *Values) configField(e *ast.SelectorExpr, f *types.Var, depth int) Answer {
	obj, vs := v.localVar(e.X)
	if obj == nil || vs == nil || depth > maxDepth {
		return Unsure
	}
	info := v.pass.TypesInfo
	if vs.Root != nil && structlit.Assigns(info, vs.Root, structlit.Dest{Kind: structlit.Variable, Var: obj}, f.Name(), token.NoPos) {
		return Unsure // replaced: the store itself is judged where it is made
	}
	var answers []Answer
	for _, st := range vs.Values {
		c := callAt(st.Rhs)
		if c == nil || st.Result > 0 {
			return Unsure
		}
		fn, _ := info.Uses[calleeIdent(c)].(*types.Func)
		if fn == nil || fn.Pkg() == nil {
			return Unsure
		}
		k, ok := knowledge.LookupClientConstructor(fn.Pkg().Path(), fn.Name(), f.Name())
		switch {
		case !ok:
			return Unsure
		case k.Timeout:
			answers = append(answers, Yes)
		default:
			answers = append(answers, No)
		}
	}
	return join(answers...)
}
