package structlit

// This file answers "where did the value of this variable come from?": the
// literal a dialer variable holds, the function a func variable holds
// (dial := net.Dial), the context a ctx variable was derived from. It
// indexes every store into every variable of a package once, so the
// analyzers can follow a variable back to its values without walking the
// package again for each question.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// Stores indexes the values a package stores into its variables and into
// the unexported fields of its struct types. Build it once per pass with
// IndexStores.
type Stores struct {
	info  *types.Info
	pkg   *types.Package
	files []*ast.File

	// The index is built on first use: most packages never ask, and
	// several analyzers may ask at once (see StoresAnalyzer).
	once sync.Once
	vars map[*types.Var]*VarStores
	// flagRegs is built on the first FlagDefaults.
	flagsOnce sync.Once
	flagRegs  []flagReg
	// calls maps each function declared in the package to its calls;
	// built on the first ParamArgs.
	callsOnce sync.Once
	calls     map[*types.Func][]*ast.CallExpr
	values    map[*types.Func]bool
	// fieldWrites is built on the first VarFieldAssigned.
	writesOnce  sync.Once
	fieldWrites map[varField]bool
	fields      map[*types.Var]*VarStores // keyed by the field's origin
	decls       []ast.Decl
}

// VarStores is what is known of the values of one variable or field.
type VarStores struct {
	// Values lists the stores in source order: initialisers, assignments,
	// declarations without a value (the zero value) and, for a field, the
	// values composite literals give it.
	Values []Store
	// Opaque is set when the variable may change in ways Values does not
	// show: its address is taken (&v), a range clause or an operator
	// assignment (v += x) writes it, or it is exported at package level.
	Opaque bool
	// Shared is set when the value is read other than as the operand of a
	// selector (v.f, v.M()): passed to a function, copied, returned or
	// stored. For a pointer, whatever it points to may then be changed
	// elsewhere. Arguments of calls into net and crypto/tls do not count:
	// they do not keep or modify a dialer or config they are handed.
	Shared bool
	// Root is the top-level declaration containing the variable's
	// declaration (a *ast.FuncDecl or *ast.GenDecl), where its stores and
	// field assignments are searched; nil for a field.
	Root ast.Node
}

// Store is one value stored into a variable or field.
type Store struct {
	// Lhs is the expression written: the identifier of a variable, the
	// selector or the key of a field; nil for a positional literal element.
	Lhs ast.Expr
	// Rhs is the stored expression, or nil for a declaration without a
	// value (var d net.Dialer) and for a range clause.
	Rhs ast.Expr
	// Result is the index of the result stored when a multi-value
	// expression is split over several variables (ctx, cancel :=
	// context.WithTimeout(...)); it is -1 for a one-to-one store.
	Result int
}

// harmlessPackages do not keep or modify what they are handed: passing a
// dialer to tls.DialWithDialer does not share it.
var harmlessPackages = map[string]bool{"net": true, "crypto/tls": true}

// IndexStores returns the index of the stores into every variable declared
// in files and every unexported field of the struct types pkg declares. The
// index is built when first consulted; calls that need no index (resolving
// a call that names its function) do not build it. It tolerates code with
// type errors: expressions without type information are skipped. It is
// safe for concurrent use.
func IndexStores(pkg *types.Package, info *types.Info, files []*ast.File) *Stores {
	return &Stores{info: info, pkg: pkg, files: files}
}

func (s *Stores) index() { s.once.Do(s.build) }

func (s *Stores) build() {
	s.vars = make(map[*types.Var]*VarStores)
	s.fields = make(map[*types.Var]*VarStores)
	info := s.info
	x := &indexer{s: s, harmless: make(map[ast.Expr]bool)}
	for _, f := range s.files {
		for _, decl := range f.Decls {
			s.decls = append(s.decls, decl)
			x.root = decl
			ast.Inspect(decl, x.visit)
		}
	}
	for id, obj := range info.Uses {
		v, ok := obj.(*types.Var)
		if !ok || v.IsField() || x.harmless[id] {
			continue
		}
		if vs := s.vars[v]; vs != nil {
			vs.Shared = true
		}
	}
	for _, sel := range x.fieldReads {
		if !x.harmless[sel] {
			if vs := s.fieldEntry(sel.Sel); vs != nil {
				vs.Shared = true
			}
		}
	}
	for v, vs := range s.vars {
		if v.Kind() == types.PackageVar && v.Exported() {
			vs.Opaque = true
		}
	}
}

type indexer struct {
	s    *Stores
	root ast.Decl
	// harmless are reads that do not share a value: operands of
	// selectors, assignment targets, arguments of harmlessPackages.
	harmless   map[ast.Expr]bool
	fieldReads []*ast.SelectorExpr
}

func (x *indexer) visit(n ast.Node) bool {
	s := x.s
	switch n := n.(type) {
	case *ast.SelectorExpr:
		x.harmless[ast.Unparen(n.X)] = true
		if sel := s.info.Selections[n]; sel != nil && sel.Kind() == types.FieldVal {
			x.fieldReads = append(x.fieldReads, n)
		}
	case *ast.CallExpr:
		if fn := typeutil.StaticCallee(s.info, n); fn != nil && fn.Pkg() != nil && harmlessPackages[fn.Pkg().Path()] {
			for _, arg := range n.Args {
				arg = ast.Unparen(arg)
				if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
					x.harmless[u] = true
					arg = ast.Unparen(u.X)
				}
				x.harmless[arg] = true
			}
		}
	case *ast.CompositeLit:
		st := structOf(s.info, n)
		if st == nil {
			break
		}
		for i, elt := range n.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok {
					if vs := s.fieldEntry(key); vs != nil {
						vs.Values = append(vs.Values, Store{Lhs: key, Rhs: kv.Value, Result: -1})
					}
				}
				continue
			}
			if i < st.NumFields() {
				if vs := s.fieldOf(st.Field(i)); vs != nil {
					vs.Values = append(vs.Values, Store{Rhs: elt, Result: -1})
				}
			}
		}
	case *ast.ValueSpec:
		for i, name := range n.Names {
			vs := s.varEntry(name, x.root)
			if vs == nil {
				continue
			}
			switch {
			case len(n.Values) == 0:
				vs.Values = append(vs.Values, Store{Lhs: name, Result: -1})
			case len(n.Values) == len(n.Names):
				vs.Values = append(vs.Values, Store{Lhs: name, Rhs: n.Values[i], Result: -1})
			default:
				vs.Values = append(vs.Values, Store{Lhs: name, Rhs: n.Values[0], Result: i})
			}
		}
	case *ast.AssignStmt:
		for i, lhs := range n.Lhs {
			lhs = ast.Unparen(lhs)
			// Writing v is not reading it.
			x.harmless[lhs] = true
			vs := x.target(lhs)
			if vs == nil {
				continue
			}
			switch {
			case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
				vs.Opaque = true
			case len(n.Lhs) == len(n.Rhs):
				vs.Values = append(vs.Values, Store{Lhs: lhs, Rhs: n.Rhs[i], Result: -1})
			case len(n.Rhs) == 1:
				vs.Values = append(vs.Values, Store{Lhs: lhs, Rhs: n.Rhs[0], Result: i})
			}
		}
	case *ast.RangeStmt:
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if e == nil {
				continue
			}
			e = ast.Unparen(e)
			x.harmless[e] = true
			if vs := x.target(e); vs != nil {
				vs.Opaque = true
			}
		}
	case *ast.UnaryExpr:
		if n.Op == token.AND && !x.harmless[n] {
			if vs := x.target(ast.Unparen(n.X)); vs != nil {
				vs.Opaque = true
			}
		}
	case *ast.IncDecStmt:
		e := ast.Unparen(n.X)
		x.harmless[e] = true
		if vs := x.target(e); vs != nil {
			vs.Opaque = true
		}
	}
	return true
}

// target returns the entry of the variable or field e writes.
func (x *indexer) target(e ast.Expr) *VarStores {
	switch e := e.(type) {
	case *ast.Ident:
		return x.s.varEntry(e, x.root)
	case *ast.SelectorExpr:
		if sel := x.s.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			return x.s.fieldEntry(e.Sel)
		}
		// pkg.Var
		return x.s.varEntry(e.Sel, x.root)
	}
	return nil
}

func (s *Stores) varEntry(id *ast.Ident, root ast.Node) *VarStores {
	if id == nil || id.Name == "_" {
		return nil
	}
	v, ok := s.info.ObjectOf(id).(*types.Var)
	if !ok || v.IsField() {
		return nil
	}
	vs := s.vars[v]
	if vs == nil {
		vs = &VarStores{Root: root}
		s.vars[v] = vs
	}
	return vs
}

func (s *Stores) fieldEntry(id *ast.Ident) *VarStores {
	v, ok := s.info.ObjectOf(id).(*types.Var)
	if !ok || !v.IsField() {
		return nil
	}
	return s.fieldOf(v)
}

func (s *Stores) fieldOf(v *types.Var) *VarStores {
	v = v.Origin()
	if v.Pkg() == nil || v.Pkg() != s.pkg {
		return nil
	}
	vs := s.fields[v]
	if vs == nil {
		vs = &VarStores{Opaque: v.Exported() || v.Embedded()}
		s.fields[v] = vs
	}
	return vs
}

// Of returns what is known of the stores into v, or nil when the package
// never stores into v (a parameter that is never reassigned, a variable of
// another package).
func (s *Stores) Of(v *types.Var) *VarStores {
	if s == nil || v == nil {
		return nil
	}
	s.index()
	return s.vars[v]
}

// OfField returns what is known of the stores into the field f (by its
// origin), or nil when f is not a field of a struct type of the package
// or the package never stores into it. An exported or embedded field is
// Opaque: other packages may store into it.
func (s *Stores) OfField(f *types.Var) *VarStores {
	if s == nil || f == nil || !f.IsField() {
		return nil
	}
	s.index()
	return s.fields[f.Origin()]
}

// UnsetValue is UnsetField for e, or, when e is a parameter of an
// unexported function of the package that is only ever called (never used
// as a value), for the argument every call passes it, when each is such a
// field: connect(host, o.DialTimeout) reaching net.DialTimeout(..., timeout).
func (s *Stores) UnsetValue(e ast.Expr) (*types.Var, bool) {
	return s.unsetValue(e, 0)
}

func (s *Stores) unsetValue(e ast.Expr, depth int) (*types.Var, bool) {
	if s == nil || depth > 3 {
		return nil, false
	}
	if f, ok := s.UnsetField(e); ok {
		return f, true
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil, false
	}
	p, ok := s.info.Uses[id].(*types.Var)
	if !ok {
		return nil, false
	}
	args, ok := s.ParamArgs(p)
	if !ok {
		return nil, false
	}
	var field *types.Var
	for _, arg := range args {
		f, unset := s.unsetValue(arg, depth+1)
		if !unset {
			return nil, false
		}
		field = f
	}
	return field, true
}

// ParamArgs returns the argument every call in the package passes for the
// parameter p, when p's function is declared in the package, unexported,
// called at least once, never used as a value, and p is not variadic nor
// assigned in the function: p then holds one of those arguments. It
// returns false otherwise (callers elsewhere, or a value it cannot see).
func (s *Stores) ParamArgs(p *types.Var) ([]ast.Expr, bool) {
	if s == nil || p == nil || p.Kind() != types.ParamVar {
		return nil, false
	}
	if vs := s.Of(p); vs != nil && len(vs.Values) > 0 {
		return nil, false // reassigned in the function
	}
	fn, idx := s.paramOwner(p)
	if fn == nil || fn.Exported() {
		return nil, false
	}
	s.callsOnce.Do(s.indexCalls)
	calls := s.calls[fn]
	if len(calls) == 0 {
		return nil, false
	}
	args := make([]ast.Expr, 0, len(calls))
	for _, call := range calls {
		if idx >= len(call.Args) || call.Ellipsis.IsValid() {
			return nil, false
		}
		args = append(args, call.Args[idx])
	}
	if s.usedAsValue(fn) {
		return nil, false
	}
	return args, true
}

// indexCalls records the calls of the package's own functions, in source
// order, and the functions referred to other than as the function of a
// call (used as values).
func (s *Stores) indexCalls() {
	s.calls = make(map[*types.Func][]*ast.CallExpr)
	s.values = make(map[*types.Func]bool)
	called := map[*ast.Ident]bool{}
	for _, file := range s.files {
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			switch f := ast.Unparen(call.Fun).(type) {
			case *ast.Ident:
				called[f] = true
			case *ast.SelectorExpr:
				called[f.Sel] = true
			}
			if callee, ok := typeutil.Callee(s.info, call).(*types.Func); ok && callee.Pkg() == s.pkg {
				s.calls[callee.Origin()] = append(s.calls[callee.Origin()], call)
			}
			return true
		})
	}
	for id, obj := range s.info.Uses {
		if f, ok := obj.(*types.Func); ok && !called[id] {
			s.values[f.Origin()] = true
		}
	}
}

// paramOwner returns the function declared in the package whose parameter
// p is, and p's index among its parameters.
func (s *Stores) paramOwner(p *types.Var) (*types.Func, int) {
	for _, file := range s.files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			fn, ok := s.info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			params := fn.Signature().Params()
			for i := range params.Len() {
				if params.At(i) == p {
					if fn.Signature().Variadic() && i == params.Len()-1 {
						return nil, -1
					}
					return fn, i
				}
			}
		}
	}
	return nil, -1
}

// usedAsValue reports whether fn is referred to other than as the
// function of a call.
func (s *Stores) usedAsValue(fn *types.Func) bool {
	s.callsOnce.Do(s.indexCalls)
	return s.values[fn.Origin()]
}

// UnsetField returns the field e selects (x.f, x.y.f) when nothing in the
// package gives it a value: f is a field of a struct type declared in this
// package, with no struct tag (no decoder fills it by name), that no
// assignment, composite literal, increment or address (&x.f, as a flag
// registration takes it) in the package sets to anything but a constant
// zero. Such a field is zero unless every caller sets it: for a timeout,
// no timeout by default.
func (s *Stores) UnsetField(e ast.Expr) (*types.Var, bool) {
	if s == nil {
		return nil, false
	}
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	selection := s.info.Selections[sel]
	if selection == nil || selection.Kind() != types.FieldVal {
		return nil, false
	}
	f, ok := selection.Obj().(*types.Var)
	if !ok || f.Pkg() != s.pkg {
		return nil, false
	}
	f = f.Origin()
	declared, tagged := false, false
	written := false
	isF := func(e ast.Expr) bool {
		x, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		v, ok := s.info.ObjectOf(x.Sel).(*types.Var)
		return ok && v.Origin() == f
	}
	for _, file := range s.files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Field:
				for _, name := range n.Names {
					if v, ok := s.info.Defs[name].(*types.Var); ok && v.Origin() == f {
						declared, tagged = true, n.Tag != nil
					}
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if isF(l) && !(len(n.Lhs) == len(n.Rhs) && IsZero(s.info, n.Rhs[i])) {
						written = true
					}
				}
			case *ast.UnaryExpr:
				written = written || n.Op == token.AND && isF(n.X)
			case *ast.IncDecStmt:
				written = written || isF(n.X)
			case *ast.KeyValueExpr:
				if key, ok := n.Key.(*ast.Ident); ok {
					if v, ok := s.info.Uses[key].(*types.Var); ok && v.Origin() == f && !IsZero(s.info, n.Value) {
						written = true
					}
				}
			case *ast.CompositeLit:
				// A positional literal sets every field.
				if len(n.Elts) > 0 {
					if _, kv := n.Elts[0].(*ast.KeyValueExpr); !kv {
						if t := s.info.TypeOf(n); t == nil {
							written = true // broken code: do not judge
						} else if st, ok := t.Underlying().(*types.Struct); ok {
							for i := range st.NumFields() {
								if st.Field(i).Origin() == f {
									written = true
								}
							}
						}
					}
				}
			}
			return !written
		})
		if written {
			return nil, false
		}
	}
	if !declared || tagged || s.decodedByReflection(f) {
		return nil, false
	}
	return f, true
}

// decodedByReflection reports whether a value of the struct type that
// declares f, or a pointer to it, is passed as an interface value to a
// function of another package (json.Unmarshal(data, &cfg), a flag or
// environment binder): such a function may fill f by its name.
func (s *Stores) decodedByReflection(f *types.Var) bool {
	var owner types.Type
	for _, name := range s.pkg.Scope().Names() {
		tn, ok := s.pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				if st.Field(i).Origin() == f {
					owner = tn.Type()
				}
			}
		}
	}
	if owner == nil {
		return true // declared in a function, or not found: do not judge
	}
	found := false
	for _, file := range s.files {
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			sig, ok := types.Unalias(s.info.TypeOf(call.Fun)).(*types.Signature)
			if !ok {
				return true
			}
			fn, _ := typeutil.Callee(s.info, call).(*types.Func)
			if fn != nil && fn.Pkg() == s.pkg {
				return true
			}
			for i, arg := range call.Args {
				t := s.info.TypeOf(arg)
				if p, ok := types.Unalias(t).(*types.Pointer); ok {
					t = p.Elem()
				}
				if t == nil || !types.Identical(t, owner) {
					continue
				}
				var param types.Type
				switch {
				case i < sig.Params().Len()-1 || i < sig.Params().Len() && !sig.Variadic():
					param = sig.Params().At(i).Type()
				case sig.Variadic() && sig.Params().Len() > 0:
					param = sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
				}
				if param == nil {
					continue
				}
				if it, ok := types.Unalias(param).Underlying().(*types.Interface); ok && it.NumMethods() == 0 {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// FlagDefaults returns the default values of the flag registrations of
// obj, a variable or a field (flag.StringVar(&addr, "addr", "localhost:8080",
// ...), fs.StringVar(&args.Bind, "bind", "127.0.0.1", ...), pflag's
// StringVarP; knowledge.StringFlags), when those
// registrations are the only writes to it the package makes: no
// assignment, other address taken, increment or composite literal
// element. The variable then holds one of those defaults unless the
// command line says otherwise.
func (s *Stores) FlagDefaults(obj types.Object) []ast.Expr {
	if s == nil || obj == nil {
		return nil
	}
	refers := func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			return s.info.ObjectOf(e) == obj
		case *ast.SelectorExpr:
			return s.info.ObjectOf(e.Sel) == obj
		}
		return false
	}
	s.flagsOnce.Do(s.indexFlags)
	var defaults []ast.Expr
	registered := map[ast.Node]bool{}
	for _, r := range s.flagRegs {
		if r.target != nil && refers(r.target.X) {
			registered[r.target] = true
			defaults = append(defaults, r.value)
		}
	}
	if len(defaults) == 0 {
		return nil
	}
	written := false
	for _, f := range s.files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					written = written || refers(l)
				}
			case *ast.UnaryExpr:
				written = written || n.Op == token.AND && !registered[n] && refers(n.X)
			case *ast.IncDecStmt:
				written = written || refers(n.X)
			case *ast.KeyValueExpr:
				if key, ok := n.Key.(*ast.Ident); ok && s.info.ObjectOf(key) == obj {
					written = true
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if s.info.Defs[name] == obj && i < len(n.Values) {
						written = true
					}
				}
			}
			return !written
		})
		if written {
			return nil
		}
	}
	return defaults
}

// flagReg is a string flag registration: &target (nil for the forms that
// return a *string), the flag's name when it is a constant, and its
// default.
type flagReg struct {
	target *ast.UnaryExpr
	name   string
	value  ast.Expr
}

// FlagDefaultsNamed returns the defaults of the package's string flag
// registrations named name, on any flag set: what a lookup by that name
// (pflag's GetString) returns unless the command line sets the flag.
func (s *Stores) FlagDefaultsNamed(name string) []ast.Expr {
	if s == nil || name == "" {
		return nil
	}
	s.flagsOnce.Do(s.indexFlags)
	var defaults []ast.Expr
	for _, r := range s.flagRegs {
		if r.name == name {
			defaults = append(defaults, r.value)
		}
	}
	return defaults
}

func (s *Stores) indexFlags() {
	for _, f := range s.files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 4 {
				return true
			}
			fn, _ := typeutil.Callee(s.info, call).(*types.Func)
			if fn == nil || fn.Pkg() == nil {
				return true
			}
			reg, ok := knowledge.LookupStringFlag(fn.Pkg().Path(), fn.Name(), len(call.Args))
			if !ok {
				return true
			}
			r := flagReg{value: call.Args[reg.Default]}
			if tv := s.info.Types[call.Args[reg.Flag]]; tv.Value != nil && tv.Value.Kind() == constant.String {
				r.name = constant.StringVal(tv.Value)
			}
			if reg.Target >= 0 {
				u, ok := ast.Unparen(call.Args[reg.Target]).(*ast.UnaryExpr)
				if !ok || u.Op != token.AND {
					return true
				}
				r.target = u
			}
			s.flagRegs = append(s.flagRegs, r)
			return true
		})
	}
}

// VarFieldAssigned reports whether the package assigns v.field (v.field =
// x, v.field += x, &v.field taken) anywhere: the field of the variable v
// may then hold something other than what v's stores give it.
func (s *Stores) VarFieldAssigned(v *types.Var, field string) bool {
	if s == nil || v == nil {
		return true
	}
	s.writesOnce.Do(s.indexFieldWrites)
	return s.fieldWrites[varField{v, field}]
}

// varField is a field of a variable, as x.f names it.
type varField struct {
	v     *types.Var
	field string
}

// indexFieldWrites records every x.f the package writes: assigned,
// incremented or with its address taken.
func (s *Stores) indexFieldWrites() {
	s.fieldWrites = make(map[varField]bool)
	note := func(e ast.Expr) {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok {
			return
		}
		if v, ok := s.info.ObjectOf(id).(*types.Var); ok {
			s.fieldWrites[varField{v, sel.Sel.Name}] = true
		}
	}
	for _, f := range s.files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					note(l)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					note(n.X)
				}
			case *ast.IncDecStmt:
				note(n.X)
			}
			return true
		})
	}
}

// FieldAssigned reports whether the package assigns, anywhere, a value
// that is not a constant zero to one of fields of a value held in field f
// (x.client.Timeout = d, for f client and fields ["Timeout"]).
func (s *Stores) FieldAssigned(f *types.Var, fields ...string) bool {
	if s == nil || f == nil {
		return false
	}
	return s.fieldAssigned(f.Origin(), fields)
}

// Call is a call resolved to the function it calls, with the receiver
// separated from the arguments.
type Call struct {
	// Func is the function or method called; for generic functions and
	// methods of generic types, the generic origin.
	Func *types.Func
	// Recv is the receiver expression of a method call, method value
	// (d.Dial stored in a variable) or method expression ((*T).M(d, ...));
	// nil for functions and for method values whose receiver is unknown.
	Recv ast.Expr
	// Args are the arguments that match Func's parameters (for a method
	// expression, without the receiver).
	Args []ast.Expr
	// Named is set when the call names Func itself at the call site (f(),
	// pkg.F(), x.M()), so that a fix may rename it; it is unset for calls
	// through a variable and for method expressions.
	Named bool
}

// ResolveCall resolves call to the function it calls: a function or method
// named at the call, or one called through a variable that holds it (dial
// := net.Dial; dial(...), or q := db.Query; q(...)) when every store into
// that variable names the same function. It reports false for calls
// through parameters, fields, interfaces-typed function values it cannot
// follow, conversions and builtins.
func (s *Stores) ResolveCall(call *ast.CallExpr) (Call, bool) {
	fun := ast.Unparen(call.Fun)
	switch obj := typeutil.Callee(s.info, call).(type) {
	case *types.Func:
		c := Call{Func: obj.Origin(), Args: call.Args, Named: true}
		if sel, ok := StripInstance(fun).(*ast.SelectorExpr); ok {
			if selection := s.info.Selections[sel]; selection != nil {
				switch selection.Kind() {
				case types.MethodVal:
					c.Recv = sel.X
				case types.MethodExpr:
					if len(call.Args) == 0 {
						return Call{}, false
					}
					c.Recv, c.Args, c.Named = call.Args[0], call.Args[1:], false
				}
			}
		}
		return c, true
	case *types.Var:
		fn, recv, ok := s.funcValue(obj, 0)
		if !ok {
			return Call{}, false
		}
		c := Call{Func: fn, Recv: recv, Args: call.Args}
		if recv == nil && fn.Signature().Recv() != nil {
			// A method expression stored in a variable: the receiver is
			// the first argument.
			if len(call.Args) == 0 {
				return Call{}, false
			}
			c.Recv, c.Args = call.Args[0], call.Args[1:]
		}
		return c, true
	}
	return Call{}, false
}

// funcValue returns the one function every store into v names.
func (s *Stores) funcValue(v *types.Var, depth int) (*types.Func, ast.Expr, bool) {
	if k := v.Kind(); k != types.LocalVar && k != types.PackageVar || depth > 4 {
		return nil, nil, false
	}
	vs := s.Of(v)
	if vs == nil || vs.Opaque {
		return nil, nil, false
	}
	var fn *types.Func
	var recv ast.Expr
	for _, st := range vs.Values {
		if st.Rhs == nil || st.Result >= 0 {
			return nil, nil, false
		}
		f, r, ok := s.funcExpr(st.Rhs, depth)
		if !ok || (fn != nil && f != fn) {
			return nil, nil, false
		}
		if r != nil {
			if recv != nil {
				return nil, nil, false // two method values: which receiver?
			}
			recv = r
		}
		fn = f
	}
	return fn, recv, fn != nil
}

// funcExpr resolves an expression of function type to the function it
// names, and the receiver of a method value.
func (s *Stores) funcExpr(e ast.Expr, depth int) (*types.Func, ast.Expr, bool) {
	e = StripInstance(ast.Unparen(e))
	switch e := e.(type) {
	case *ast.Ident:
		switch obj := s.info.Uses[e].(type) {
		case *types.Func:
			return obj.Origin(), nil, true
		case *types.Var:
			return s.funcValue(obj, depth+1)
		}
	case *ast.SelectorExpr:
		if selection := s.info.Selections[e]; selection != nil {
			fn, ok := selection.Obj().(*types.Func)
			if !ok {
				return nil, nil, false
			}
			switch selection.Kind() {
			case types.MethodVal:
				return fn.Origin(), e.X, true
			case types.MethodExpr:
				return fn.Origin(), nil, true
			}
			return nil, nil, false
		}
		switch obj := s.info.Uses[e.Sel].(type) {
		case *types.Func:
			return obj.Origin(), nil, true
		case *types.Var:
			return s.funcValue(obj, depth+1)
		}
	}
	return nil, nil, false
}

// StripInstance removes explicit instantiation: f[int] is f.
func StripInstance(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.IndexExpr:
		return x.X
	case *ast.IndexListExpr:
		return x.X
	}
	return e
}

// Answer is a three-valued answer for questions the source may not settle.
type Answer int

const (
	// Unsure: the value comes from somewhere structlit does not follow (a
	// parameter, a field, a call, a variable that escapes).
	Unsure Answer = iota
	// Yes: the answer is yes on at least one path.
	Yes
	// No: every value the expression can have was seen, and the answer is
	// no for each.
	No
)

// SetsAnyField reports whether the struct value e denotes (a value or a
// pointer of the named type path.name, or a variable holding one) has one
// of fields set to something other than a constant zero, by its literal or
// by a later assignment (d.Timeout = ...). It answers No only when every
// value e can hold is a literal of the type or the zero value, none of
// them sets a field, no field is assigned in the function (or, for an
// unexported package variable, the package) and no pointer to the value
// escapes.
func (s *Stores) SetsAnyField(e ast.Expr, path, name string, fields ...string) Answer {
	return s.setsAnyField(e, path, name, fields, 0)
}

func (s *Stores) setsAnyField(e ast.Expr, path, name string, fields []string, depth int) Answer {
	if depth > 4 {
		return Unsure
	}
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		if !IsNamed(s.info.TypeOf(e), path, name) {
			return Unsure
		}
		for _, f := range fields {
			if Sets(s.info, e, f) {
				return Yes
			}
		}
		return No
	case *ast.Ident:
		v, ok := s.info.Uses[e].(*types.Var)
		if !ok || v.IsField() || !IsNamed(v.Type(), path, name) {
			return Unsure
		}
		if k := v.Kind(); k != types.LocalVar && k != types.PackageVar {
			return Unsure
		}
		vs := s.Of(v)
		if vs == nil {
			return Unsure
		}
		a := s.storesSetAnyField(vs, v.Type(), path, name, fields, depth)
		if a != No {
			return a
		}
		roots := []ast.Node{vs.Root}
		if v.Kind() == types.PackageVar {
			roots = s.rootsUsing(v)
		}
		dest := Dest{Kind: Variable, Var: v}
		for _, root := range roots {
			for _, f := range fields {
				if root != nil && assigns(s.info, root, dest, f, token.NoPos) {
					return Yes
				}
			}
		}
		return No
	case *ast.SelectorExpr:
		sel := s.info.Selections[e]
		if sel == nil || sel.Kind() != types.FieldVal {
			return Unsure
		}
		f, ok := sel.Obj().(*types.Var)
		if !ok || !IsNamed(f.Type(), path, name) {
			return Unsure
		}
		s.index()
		vs := s.fields[f.Origin()]
		if vs == nil {
			return Unsure
		}
		a := s.storesSetAnyField(vs, f.Type(), path, name, fields, depth)
		if a != No {
			return a
		}
		if s.fieldAssigned(f.Origin(), fields) {
			return Yes
		}
		return No
	}
	return Unsure
}

// storesSetAnyField joins SetsAnyField over the values stored into a
// variable or field of type t.
func (s *Stores) storesSetAnyField(vs *VarStores, t types.Type, path, name string, fields []string, depth int) Answer {
	if vs.Opaque || len(vs.Values) == 0 {
		return Unsure
	}
	_, isPtr := types.Unalias(t).(*types.Pointer)
	if isPtr && vs.Shared {
		return Unsure
	}
	answer := No
	for _, st := range vs.Values {
		var a Answer
		switch {
		case st.Result >= 0:
			a = Unsure
		case st.Rhs == nil:
			if isPtr {
				a = Unsure // a nil pointer; set later to something unseen
			} else {
				a = No
			}
		default:
			a = s.setsAnyField(st.Rhs, path, name, fields, depth+1)
		}
		switch a {
		case Yes:
			return Yes
		case Unsure:
			answer = Unsure
		}
	}
	return answer
}

// fieldAssigned reports whether the package assigns one of fields below
// field f anywhere (x.dialer.Timeout = d).
func (s *Stores) fieldAssigned(f *types.Var, fields []string) bool {
	s.index()
	found := false
	for _, decl := range s.decls {
		ast.Inspect(decl, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if found || !ok {
				return !found
			}
			for i, lhs := range as.Lhs {
				d, ok := VarPath(s.info, lhs)
				if !ok || len(d.Fields) < 2 || d.Fields[len(d.Fields)-2].Origin() != f {
					continue
				}
				last := d.Fields[len(d.Fields)-1].Name()
				for _, name := range fields {
					if last == name && !(len(as.Lhs) == len(as.Rhs) && IsZero(s.info, as.Rhs[i])) {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

// rootsUsing returns the top-level declarations of the package that
// mention v.
func (s *Stores) rootsUsing(v *types.Var) []ast.Node {
	s.index()
	var roots []ast.Node
	for _, decl := range s.decls {
		mentions := false
		ast.Inspect(decl, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && s.info.Uses[id] == v {
				mentions = true
			}
			return !mentions
		})
		if mentions {
			roots = append(roots, decl)
		}
	}
	return roots
}
