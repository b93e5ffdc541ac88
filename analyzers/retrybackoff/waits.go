package retrybackoff

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/nines-dev/nines/internal/retryloop"
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
	lookup := func(fn *types.Func) *WaitFact {
		if fn == nil {
			return nil
		}
		fn = fn.Origin()
		if f, ok := w.facts[fn]; ok {
			return f
		}
		if fn.Pkg() != nil && fn.Pkg() != pass.Pkg {
			f := new(WaitFact)
			if pass.ImportObjectFact(fn, f) {
				w.facts[fn] = f
				return f
			}
			w.facts[fn] = nil
		}
		return nil
	}
	var decls []*ast.FuncDecl
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Name != nil {
				decls = append(decls, fd)
			}
		}
	}
	// Functions of the package may call each other: iterate to a fixpoint.
	for changed := true; changed; {
		changed = false
		for _, fd := range decls {
			fn, _ := info.Defs[fd.Name].(*types.Func)
			if fn == nil {
				continue
			}
			f := describe(info, fd, lookup)
			if f == nil {
				continue
			}
			if old := w.facts[fn]; old == nil || *old != *f {
				w.facts[fn] = f
				changed = true
			}
		}
	}
	for _, fd := range decls {
		if fn, _ := info.Defs[fd.Name].(*types.Func); fn != nil {
			if f := w.facts[fn]; f != nil {
				pass.ExportObjectFact(fn, f)
			}
		}
	}
	// Facts of the functions the package calls, for retrybackoff.
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				_, _, fn := retryloop.Callee(info, call)
				lookup(fn)
			}
			return true
		})
	}
	return w, nil
}

// describe computes the fact of one function, or nil when it has nothing to
// say.
func describe(info *types.Info, fd *ast.FuncDecl, lookup func(*types.Func) *WaitFact) *WaitFact {
	f := new(WaitFact)
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			pkg, name, fn := retryloop.Callee(info, n)
			switch {
			case pkg == "math/rand" || pkg == "math/rand/v2":
				f.Jitter = true
			case pkg == "math" && name == "Pow":
				f.Exponential = true
			case isWaitPrimitive(pkg, name, fn):
				f.Waits = true
			default:
				if g := lookup(fn); g != nil {
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
			case token.ASSIGN:
				// d = d * 2, d = min(d*2, max)
				for i, l := range n.Lhs {
					if id, ok := astutil.Unparen(l).(*ast.Ident); ok && i < len(n.Rhs) {
						if obj := info.ObjectOf(id); obj != nil && growsBy(info, n.Rhs[i], obj, token.MUL) {
							f.Exponential = true
						}
					}
				}
			}
		}
		return true
	})
	if !f.Jitter && !f.Exponential && !f.Waits {
		return nil
	}
	if !f.Waits && !returnsNumber(info, fd) {
		// Randomness or growth that does not end up in a wait: not ours.
		return nil
	}
	return f
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
func returnsNumber(info *types.Info, fd *ast.FuncDecl) bool {
	fn, _ := info.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return false
	}
	res := fn.Signature().Results()
	for i := range res.Len() {
		if b, ok := res.At(i).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsNumeric != 0 {
			return true
		}
	}
	return false
}
