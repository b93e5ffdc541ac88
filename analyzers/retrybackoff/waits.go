package retrybackoff

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// WaitAnalyzer exports a WaitFact on every function that computes a wait
// (returns a time.Duration or a number) with random jitter or exponential
// growth, or that waits itself, so that time.Sleep(backoff(i)) is judged by
// what backoff does, across packages. It is a separate analyzer so that only
// this small pass runs on dependencies; retrybackoff itself runs on the
// packages being checked. Its result is a *Waits.
var WaitAnalyzer = &analysis.Analyzer{
	Name:             "retrywait",
	Doc:              "retrywait: record which functions compute or perform jittered or exponential waits (facts only)",
	FactTypes:        []analysis.Fact{new(WaitFact)},
	ResultType:       reflect.TypeFor[*Waits](),
	RunDespiteErrors: true,
	Run:              runWaits,
}

// WaitFact says what a function does about waiting.
type WaitFact struct {
	// Jitter: its result or its wait involves math/rand or math/rand/v2.
	Jitter bool
	// Exponential: its result or its wait grows exponentially (a shift by a
	// variable, math.Pow, a value multiplied in a loop).
	Exponential bool
	// Waits: it sleeps or blocks on a timer (time.Sleep, time.After,
	// time.NewTimer, ...), directly or through another function.
	Waits bool
	// JitterIf, on a method whose every random term is added only when a
	// field of its receiver is set (if b.Jitter > 0 { d += rand... }),
	// names that field: a receiver made without it (Backoff{Base: d})
	// computes no jitter. Not inherited by callers.
	JitterIf string
	// Receives: its body is a select that blocks until one of its channels
	// delivers (no default, no send), as in a Next(ctx) that hands over
	// what a background goroutine produced. Called as an attempt, it is the
	// wait: the loop cannot go around faster than the producer. Not
	// inherited by callers.
	Receives bool
}

func (*WaitFact) AFact() {}

func (f *WaitFact) String() string {
	switch {
	case f.Jitter && f.Waits:
		return "waits with jitter"
	case f.Jitter:
		return "computes jittered wait"
	case f.Exponential && f.Waits:
		return "waits exponentially without jitter"
	case f.Exponential:
		return "computes exponential wait without jitter"
	case f.Receives && !f.Waits:
		return "blocks on a channel receive"
	}
	return "waits"
}

// Waits gives the WaitFact of the functions a package calls or declares.
type Waits struct {
	facts map[*types.Func]*WaitFact
}

// Of returns the fact of fn, or nil.
func (w *Waits) Of(fn *types.Func) *WaitFact {
	if w == nil || fn == nil {
		return nil
	}
	return w.facts[fn.Origin()]
}

func runWaits(pass *analysis.Pass) (any, error) {
	w := &Waits{facts: map[*types.Func]*WaitFact{}}
	info := pass.TypesInfo
	if info == nil {
		return w, nil
	}
	imported := func(fn *types.Func) *WaitFact {
		if f, ok := w.facts[fn]; ok {
			return f
		}
		var f *WaitFact
		if fn.Pkg() != nil && fn.Pkg() != pass.Pkg {
			if g := new(WaitFact); pass.ImportObjectFact(fn, g) {
				f = g
			}
		}
		w.facts[fn] = f
		return f
	}
	// One scan per function: what it does itself, and which functions of
	// this package it calls.
	type node struct {
		fn       *types.Func
		own      WaitFact
		number   bool   // returns a number
		receives bool   // its body is a blocking select of receives
		jitterIf string // the receiver's field that guards every random term
		callers  []*node
	}
	nodes := map[*types.Func]*node{}
	var order []*node
	var calls [][]*types.Func
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Name == nil {
				continue
			}
			fn, _ := info.Defs[fd.Name].(*types.Func)
			if fn == nil {
				continue
			}
			n := &node{fn: fn, number: returnsNumber(fn), receives: onlyReceives(fd.Body)}
			var local []*types.Func
			n.jitterIf = jitterGuard(info, fd, func(callee *types.Func) bool {
				if callee.Pkg() == pass.Pkg {
					return false // checked once the package's facts are known
				}
				f := imported(callee)
				return f != nil && f.Jitter
			})
			n.own = scanWaits(info, fd.Body, func(callee *types.Func) *WaitFact {
				if callee.Pkg() == pass.Pkg {
					local = append(local, callee)
					return nil
				}
				return imported(callee)
			})
			nodes[fn] = n
			order = append(order, n)
			calls = append(calls, local)
		}
	}
	for i, n := range order {
		for _, callee := range calls[i] {
			if c := nodes[callee]; c != nil {
				c.callers = append(c.callers, n)
			}
		}
	}
	// Propagate along calls until nothing changes: a function has what it
	// does itself and what its callees have. Facts only grow, so each
	// function is revisited at most a few times.
	have := map[*node]WaitFact{}
	value := func(n *node, f WaitFact) *WaitFact {
		if !f.Jitter && !f.Exponential && !f.Waits {
			return nil
		}
		if !f.Waits && !n.number {
			// Randomness or growth that does not end up in a wait.
			return nil
		}
		return &f
	}
	work := append([]*node(nil), order...)
	for _, n := range order {
		have[n] = n.own
	}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		v := value(n, have[n])
		if v == nil {
			continue
		}
		for _, caller := range n.callers {
			old := have[caller]
			merged := WaitFact{
				Jitter:      old.Jitter || v.Jitter,
				Exponential: old.Exponential || v.Exponential,
				Waits:       old.Waits || v.Waits,
			}
			if merged != old {
				have[caller] = merged
				work = append(work, caller)
			}
		}
	}
	for i, n := range order {
		v := value(n, have[n])
		for _, callee := range calls[i] {
			if c := nodes[callee]; c != nil && have[c].Jitter {
				n.jitterIf = "" // jitter of a callee, not behind the field
			}
		}
		if n.receives {
			if v == nil {
				v = &WaitFact{}
			}
			v.Receives = true
		}
		if v != nil && v.Jitter && n.jitterIf != "" {
			// Its jitter is its own, all of it behind the field.
			v.JitterIf = n.jitterIf
		}
		if v != nil {
			w.facts[n.fn] = v
			pass.ExportObjectFact(n.fn, v)
		}
	}
	// Facts of the functions the package calls, for retrybackoff.
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if _, _, fn := knowledge.Callee(info, call); fn != nil {
					if _, local := nodes[fn]; !local {
						imported(fn)
					}
				}
			}
			return true
		})
	}
	return w, nil
}

// scanWaits returns what a function body does about waiting by itself and
// through the functions of other packages it calls (callee returns their
// facts; it may note a call for later and return nil).
func scanWaits(info *types.Info, body *ast.BlockStmt, callee func(*types.Func) *WaitFact) WaitFact {
	var f WaitFact
	// defs maps a variable defined once with := to its value, so that
	// next := d * 2; d = next is seen as d = d * 2.
	defs := map[types.Object]ast.Expr{}
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == len(as.Rhs) {
			for i, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && info.Defs[id] != nil {
					defs[info.Defs[id]] = as.Rhs[i]
				}
			}
		}
		return true
	})
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			pkg, name, fn := knowledge.Callee(info, n)
			switch {
			case pkg == "math/rand" || pkg == "math/rand/v2":
				f.Jitter = true
			case pkg == "math" && name == "Pow":
				f.Exponential = true
			case isWaitPrimitive(pkg, name, fn):
				f.Waits = true
			case fn != nil:
				if g := callee(fn); g != nil {
					f.Jitter = f.Jitter || g.Jitter
					f.Exponential = f.Exponential || g.Exponential
					f.Waits = f.Waits || g.Waits
				}
			}
		case *ast.BinaryExpr:
			if n.Op == token.SHL && !isConst(info, n.Y) {
				f.Exponential = true
			}
		case *ast.AssignStmt:
			switch n.Tok {
			case token.MUL_ASSIGN, token.SHL_ASSIGN:
				f.Exponential = true
			case token.ASSIGN, token.ADD_ASSIGN:
				// d = d * 2, d = min(d*2, max), d = d + d/4, d += d/2, and
				// the same on a field that keeps the period between calls
				// (next := st.period * 2; st.period = next) or through a
				// pointer the caller keeps it in (*d = min(*d*2, max)).
				for i, l := range n.Lhs {
					if i >= len(n.Rhs) {
						break
					}
					var id *ast.Ident
					deref := false
					switch l := astutil.Unparen(l).(type) {
					case *ast.Ident:
						id = l
					case *ast.SelectorExpr:
						id = l.Sel
					case *ast.StarExpr:
						id, _ = astutil.Unparen(l.X).(*ast.Ident)
						deref = true
					}
					if id == nil {
						continue
					}
					obj := info.ObjectOf(id)
					if obj == nil {
						continue
					}
					t := obj.Type()
					if p, ok := t.Underlying().(*types.Pointer); ok && deref {
						t = p.Elem()
					}
					if !isDuration(t) && !isNumber(t) {
						continue
					}
					rhs := n.Rhs[i]
					if r, ok := astutil.Unparen(rhs).(*ast.Ident); ok && defs[info.ObjectOf(r)] != nil {
						rhs = defs[info.ObjectOf(r)]
					}
					if n.Tok == token.ASSIGN && (growsBy(info, rhs, obj, token.MUL) || addsFraction(info, rhs, obj)) ||
						n.Tok == token.ADD_ASSIGN && refersTo(info, rhs, obj) {
						f.Exponential = true
					}
				}
			}
		}
		return true
	})
	return f
}

// jitterGuard returns the field of fd's receiver that guards every call of
// math/rand in fd's body (if b.Jitter > 0 { ... }, or != 0), or "" when a
// random term is not so guarded, the guards differ, or fd is not a method.
// A call of another package's function whose fact has jitter
// (calleeJitter) is a random term of its own, not behind the field; the
// caller checks the package's own functions once their facts are known.
func jitterGuard(info *types.Info, fd *ast.FuncDecl, calleeJitter func(*types.Func) bool) string {
	if fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
		return ""
	}
	recv := info.Defs[fd.Recv.List[0].Names[0]]
	if recv == nil {
		return ""
	}
	type guard struct {
		from, to token.Pos
		field    string
	}
	var guards []guard
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if is, ok := n.(*ast.IfStmt); ok {
			if f := fieldSet(info, is.Cond, recv); f != "" {
				guards = append(guards, guard{is.Body.Pos(), is.Body.End(), f})
			}
		}
		return true
	})
	field := ""
	ok := true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, isCall := n.(*ast.CallExpr)
		if !isCall || !ok {
			return ok
		}
		pkg, _, fn := knowledge.Callee(info, call)
		if pkg != "math/rand" && pkg != "math/rand/v2" {
			if fn != nil && calleeJitter(fn) {
				ok = false
			}
			return ok
		}
		in := ""
		for _, g := range guards {
			if g.from <= call.Pos() && call.End() <= g.to {
				in = g.field
			}
		}
		if in == "" || field != "" && field != in {
			ok = false
		}
		field = in
		return true
	})
	if !ok {
		return ""
	}
	return field
}

// fieldSet returns F when cond is recv.F > 0 or recv.F != 0 (either way
// round), else "".
func fieldSet(info *types.Info, cond ast.Expr, recv types.Object) string {
	b, ok := astutil.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.GTR && b.Op != token.NEQ && b.Op != token.LSS {
		return ""
	}
	x, y := astutil.Unparen(b.X), astutil.Unparen(b.Y)
	if b.Op == token.LSS {
		// 0 < recv.F
		x, y = y, x
	}
	tv, ok := info.Types[y]
	if !ok || tv.Value == nil || tv.Value.ExactString() != "0" {
		return ""
	}
	sel, ok := x.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if id, ok := astutil.Unparen(sel.X).(*ast.Ident); !ok || info.ObjectOf(id) != recv {
		return ""
	}
	return sel.Sel.Name
}

// onlyReceives reports a body that is a select statement, with no default
// case, all of whose cases receive: it blocks until a channel delivers.
func onlyReceives(body *ast.BlockStmt) bool {
	if body == nil || len(body.List) != 1 {
		return false
	}
	sel, ok := body.List[0].(*ast.SelectStmt)
	if !ok || len(sel.Body.List) == 0 {
		return false
	}
	for _, st := range sel.Body.List {
		cc, ok := st.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			return false
		}
		var x ast.Expr
		switch c := cc.Comm.(type) {
		case *ast.ExprStmt:
			x = c.X
		case *ast.AssignStmt:
			if len(c.Rhs) == 1 {
				x = c.Rhs[0]
			}
		}
		if u, ok := astutil.Unparen(x).(*ast.UnaryExpr); !ok || u.Op != token.ARROW {
			return false
		}
	}
	return true
}

// isWaitPrimitive reports the standard library calls that wait.
func isWaitPrimitive(pkg, name string, fn *types.Func) bool {
	if pkg != "time" {
		return false
	}
	switch name {
	case "Sleep", "After", "NewTimer", "Tick", "NewTicker", "AfterFunc":
		return true
	case "Reset":
		return fn != nil && fn.Signature().Recv() != nil
	}
	return false
}

// growsBy reports whether e refers to obj and combines it with op (d * 2).
func growsBy(info *types.Info, e ast.Expr, obj types.Object, op token.Token) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || b.Op != op {
			return !found
		}
		for _, side := range []ast.Expr{b.X, b.Y} {
			if refersTo(info, side, obj) {
				found = true
			}
		}
		return !found
	})
	return found
}

// addsFraction reports d + d/4 (or d/4 + d): a value that grows by a
// fraction of itself grows geometrically, that is exponentially.
func addsFraction(info *types.Info, e ast.Expr, obj types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || b.Op != token.ADD {
			return !found
		}
		if refersTo(info, b.X, obj) && refersTo(info, b.Y, obj) {
			found = true
		}
		return !found
	})
	return found
}

func isNumber(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsNumeric != 0
}

func refersTo(info *types.Info, e ast.Expr, obj types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.ObjectOf(id) == obj {
			found = true
		}
		return !found
	})
	return found
}

func isConst(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil
}

// returnsNumber reports whether the function returns a number (a duration,
// a count of milliseconds, a factor).
func returnsNumber(fn *types.Func) bool {
	res := fn.Signature().Results()
	for i := range res.Len() {
		if b, ok := res.At(i).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsNumeric != 0 {
			return true
		}
	}
	return false
}
