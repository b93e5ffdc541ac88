package retrybound

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/nines-dev/nines/internal/analysis/generated"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/retryloop"
	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

//go:embed doc.go
var doc []byte

// Analyzer is the retrybound analysis pass.
var Analyzer = &analysis.Analyzer{
	Name:     "retrybound",
	Doc:      ruledoc.MustExtract(doc, "retrybound"),
	URL:      ruledoc.URL("retrybound"),
	Requires: []*analysis.Analyzer{generated.Analyzer, retryloop.Analyzer, structlit.StoresAnalyzer},
	Run:      run,
}

// maxAttempts is the largest constant attempt cap accepted; the reference
// puts the maximum at 3–5 retries.
var maxAttempts int64 = 5

func init() {
	Analyzer.Flags.Var(attemptCap{&maxAttempts}, "max-attempts",
		"largest constant number of attempts (or retries, as the library counts them) a retry may make, at least 1")
}

// attemptCap is the max-attempts flag: an integer of at least 1, since a
// retry that may not make one attempt does nothing.
type attemptCap struct{ n *int64 }

func (c attemptCap) String() string {
	if c.n == nil {
		return ""
	}
	return strconv.FormatInt(*c.n, 10)
}

// Get makes it a flag.Getter, so the configuration schema knows it is an
// integer.
func (c attemptCap) Get() any { return *c.n }

func (c attemptCap) Set(s string) error {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	if v < 1 {
		return fmt.Errorf("%d attempts: a cap must be at least 1", v)
	}
	*c.n = v
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	generated.SkipReports(pass)
	res, _ := pass.ResultOf[retryloop.Analyzer].(*retryloop.Result)
	stores, _ := pass.ResultOf[structlit.StoresAnalyzer].(*structlit.Stores)
	if res == nil {
		return nil, nil
	}
	seen := map[string]bool{}
	report := func(pos token.Pos, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		key := fmt.Sprint(pos, msg)
		if seen[key] {
			return
		}
		seen[key] = true
		pass.Report(analysis.Diagnostic{Pos: pos, Message: msg})
	}
	for _, r := range res.Retries {
		if r.Reconnect {
			// Meant to run until it is stopped: there is no attempt count
			// to cap, only a pace, which retrybackoff judges.
			continue
		}
		if retryloop.LocalOnly(pass, r) {
			// Waiting for a file to reappear or a lock to be let go of
			// holds no remote dependency's capacity.
			continue
		}
		if (r.InTest || generated.InHarness(pass, r.Pos)) && retryloop.LoopbackOnly(pass.TypesInfo, stores, r) {
			// A test polling a server of its own on this machine (an
			// httptest.Server until it answers) holds nothing shared, and
			// the test's own deadline (go test -timeout) ends it.
			continue
		}
		switch r.Kind {
		case retryloop.Loop:
			checkLoop(pass, r, report)
		case retryloop.Library:
			checkLibrary(pass, r, report)
		}
	}
	for _, s := range knowledge.ClientSettings(pass.TypesInfo, pass.Files) {
		if s.Field != "RetryMax" {
			continue
		}
		if n, ok := constInt(pass.TypesInfo, s.Value); ok && n > maxAttempts {
			report(s.Node.Pos(), "retryablehttp client retries up to %d times (RetryMax), more than %d; set RetryMax to %d or fewer",
				n, maxAttempts, maxAttempts)
		}
	}
	return nil, nil
}

type reporter func(pos token.Pos, format string, args ...any)

func checkLibrary(pass *analysis.Pass, r *retryloop.Retry, report reporter) {
	p := knowledge.ReadPolicy(pass.TypesInfo, r.Call, r.Enclosing, r.Library)
	if p == nil || p.Unknown {
		return
	}
	if (r.InTest || generated.InHarness(pass, r.Pos)) && (len(r.Attempts) == 0 || p.CapSet) {
		// A test that retries a closure calling nothing fallible drives
		// the outcome itself (a library's own tests); a test's attempt cap
		// is how long it polls its own fixture.
		return
	}
	name := types.ExprString(r.Call.Fun)
	if p.Unbounded {
		report(r.Pos, "%s never gives up: %s; %s", name, p.Why, fix(r.Library))
		return
	}
	if p.CapSet && p.CapKnown && p.Cap > maxAttempts {
		report(r.Pos, "%s retries up to %d times (%s), more than %d; lower the limit to %d or fewer and return the last error",
			name, p.Cap, p.CapName, maxAttempts, maxAttempts)
	}
}

func fix(lib string) string {
	if l := knowledge.LookupRetryLibrary(lib); l != nil && l.BoundHint != "" {
		return fmt.Sprintf(l.BoundHint, maxAttempts)
	}
	return fmt.Sprintf("cap it at %d attempts", maxAttempts)
}

// loopBounds is what the exit conditions of a retry loop say.
type loopBounds struct {
	capped   bool  // some integer comparison guards an exit
	cap      int64 // constant number of attempts, when capKnown
	capKnown bool
	ctx      bool // exits on ctx.Done(), ctx.Err() or a context-aware wait
	deadline bool // exits on a deadline, a timer or a stop channel
	policy   bool // exits when a call other than the attempt fails
	stop     bool // exits when its owner closes or shuts down
}

func checkLoop(pass *analysis.Pass, r *retryloop.Retry, report reporter) {
	b := bounds(pass, r)
	if b.ctx || b.deadline || b.policy || b.stop {
		return
	}
	if !b.capped && !supervises(pass.TypesInfo, r) {
		report(r.Pos, "retry loop never gives up: it has no attempt cap, no ctx.Done() exit and no deadline; cap it at %d attempts and return the last error",
			maxAttempts)
		return
	}
	if b.capKnown && b.cap > maxAttempts && !r.InTest && !generated.InHarness(pass, r.Pos) {
		// A test, or test-support code (a testutil package's helper that
		// waits for the instance it started), polling its own fixture many
		// times loads nothing shared; a test that never gives up hangs, and
		// is reported above.
		report(r.Pos, "retry loop makes up to %d attempts, more than %d; cap it at %d and return the last error",
			b.cap, maxAttempts, maxAttempts)
	}
}

// bounds collects the exit guards of a retry loop: its condition, the
// conditions of ifs and switch cases whose branches can leave it, and the
// receives of select cases that leave it.
func bounds(pass *analysis.Pass, r *retryloop.Retry) loopBounds {
	info := pass.TypesInfo
	var b loopBounds
	leaves := retryloop.Exits(info, r)
	if leaves == nil {
		return b
	}
	attempts := map[*ast.CallExpr]bool{}
	for _, c := range r.Attempts {
		attempts[c] = true
	}
	g := &guards{info: info, pass: pass, r: r, attempts: attempts, b: &b, modified: modifiedIn(info, r.Loop)}
	switch l := r.Loop.(type) {
	case *ast.ForStmt:
		if l.Cond != nil {
			g.guard(l.Cond, l.Init)
		}
	case *ast.RangeStmt:
		b.capped = true
		b.cap, b.capKnown = constInt(info, l.X)
	}
	// leavesAfter reports whether the statements that run after st, in
	// its block and, when that block ends, after the blocks that hold it,
	// up to the loop body, leave the loop.
	parents := map[ast.Node]ast.Node{}
	var stack []ast.Node
	ast.Inspect(r.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			parents[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})
	leavesAfter := func(st ast.Stmt) bool {
		for st != nil {
			block, ok := parents[st].(*ast.BlockStmt)
			if !ok {
				return false
			}
			for i, x := range block.List {
				if x == st {
					if rest := block.List[i+1:]; len(rest) > 0 {
						return leaves(&ast.BlockStmt{List: rest})
					}
				}
			}
			if block == r.Body {
				return false
			}
			// The block ends: what follows is after the statement that
			// holds it (an if without else, a plain block).
			owner, ok := parents[block].(ast.Stmt)
			if !ok {
				return false
			}
			if ifs, ok := owner.(*ast.IfStmt); ok && ifs.Else != nil {
				return false
			}
			switch owner.(type) {
			case *ast.IfStmt, *ast.BlockStmt:
				st = owner
			default:
				return false
			}
		}
		return false
	}
	ast.Inspect(r.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if leaves(n.Body) || n.Else != nil && leaves(n.Else) {
				g.guard(n.Cond, nil)
			}
		case *ast.BlockStmt:
			// if attempts < 3 { continue }; return err: the condition lets
			// the next attempt start, and the statements after it leave.
			for _, st := range n.List {
				if st, ok := st.(*ast.IfStmt); ok && st.Else == nil && len(st.Body.List) > 0 && retryloop.GoesAround(r, st.Body.List[len(st.Body.List)-1]) && leavesAfter(st) {
					g.guard(st.Cond, nil)
					if g.readsState(st.Cond) {
						// if c.status() == connecting { goto retry }: the
						// owner's state, changed elsewhere (Disconnect),
						// decides, not the failure.
						b.stop = true
					}
				}
			}
		case *ast.CaseClause:
			if leaves(&ast.BlockStmt{List: n.Body}) {
				for _, e := range n.List {
					g.guard(e, nil)
				}
			}
		case *ast.CommClause:
			if n.Comm != nil && leaves(&ast.BlockStmt{List: n.Body}) {
				g.comm(n.Comm)
			} else if n.Comm != nil && g.watchesShutdown(n.Comm) {
				// case <-l.closed.Done(): continue — the next attempt
				// fails for good once the owner has shut down.
				b.stop = true
			}
		}
		return true
	})
	return b
}

type guards struct {
	info     *types.Info
	pass     *analysis.Pass
	r        *retryloop.Retry
	attempts map[*ast.CallExpr]bool
	b        *loopBounds
	modified map[types.Object]bool
}

// comm classifies the communication of a select case that leaves the loop.
func (g *guards) comm(s ast.Stmt) {
	var x ast.Expr
	switch s := s.(type) {
	case *ast.ExprStmt:
		x = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			x = s.Rhs[0]
		}
	}
	u, ok := astutil.Unparen(x).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return
	}
	if g.mentionsContext(u.X) {
		g.b.ctx = true
		return
	}
	// A timer, time.After, a deadline channel or a stop channel.
	g.b.deadline = true
}

// watchesShutdown reports a select case that receives from a Done()
// channel or a channel named for the owner's shutdown (closed, stopping, ...).
func (g *guards) watchesShutdown(s ast.Stmt) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if n.Sel.Name == "Done" || lifecycle(n.Sel.Name) {
				found = true
			}
		case *ast.Ident:
			if lifecycle(n.Name) {
				found = true
			}
		}
		return !found
	})
	return found
}

// guard classifies an exit condition. init is the loop's init statement,
// to count attempts of a three-clause loop.
func (g *guards) guard(cond ast.Expr, init ast.Stmt) {
	if g.mentionsContext(cond) {
		g.b.ctx = true
	}
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				g.b.deadline = true
			}
		case *ast.CallExpr:
			if pkg, name, _ := knowledge.Callee(g.info, n); pkg == "time" {
				switch name {
				case "Since", "Until", "Now", "After", "Before", "Compare", "Sub":
					g.b.deadline = true
				}
			}
			if g.movesOn(n) {
				// if !t.recoversFrom(err) { return err }: the judge moves
				// its receiver to another mode before every retry it
				// allows, so the next attempt is not a repeat.
				g.b.policy = true
			}
		case *ast.BinaryExpr:
			g.comparison(n, init)
		case *ast.Ident:
			// err != nil where err came from a call that is not an attempt:
			// a context-aware wait (sleep(ctx, d) returning ctx.Err()), a
			// retry policy or budget (shouldRetry, limiter.Wait). Something
			// other than the failing operation decides when to stop.
			if v, ok := g.info.Uses[n].(*types.Var); ok && g.fromOtherCall(v) {
				g.b.policy = true
			}
			if lifecycle(n.Name) {
				g.b.stop = true
			}
		}
		return true
	})
}

func (g *guards) comparison(e *ast.BinaryExpr, init ast.Stmt) {
	switch e.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ:
	default:
		return
	}
	if !isCount(g.info.TypeOf(e.X)) || !isCount(g.info.TypeOf(e.Y)) {
		return
	}
	g.b.capped = true
	x, y, op := e.X, e.Y, e.Op
	nx, xConst := g.value(x)
	ny, yConst := g.value(y)
	if xConst == yConst {
		return
	}
	if xConst {
		// Put the counter on the left: 5 > i is i < 5.
		x, y, nx, ny = y, x, ny, nx
		op = retryloop.Mirror(op)
	}
	_ = nx
	n := ny
	if n <= 1 {
		// Counting down to zero: the cap is the counter's start, unknown here.
		return
	}
	start := int64(0)
	if s, ok := counterStart(g.info, init, x); ok {
		start = s
	} else if s, ok := g.startBeforeLoop(x); ok {
		start = s
	}
	switch op {
	case token.LSS, token.GEQ, token.NEQ, token.EQL:
		n -= start
	case token.LEQ, token.GTR:
		n = n - start + 1
	}
	if !g.b.capKnown || n < g.b.cap {
		g.b.cap, g.b.capKnown = n, true
	}
}

// counterStart returns the constant a statement gives the counter x
// (i := 1, i = 1, var i = 1).
func counterStart(info *types.Info, st ast.Stmt, x ast.Expr) (int64, bool) {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if len(st.Lhs) == 1 && len(st.Rhs) == 1 && (st.Tok == token.DEFINE || st.Tok == token.ASSIGN) {
			if id, ok := astutil.Unparen(st.Lhs[0]).(*ast.Ident); ok && sameVar(info, id, x) {
				return constInt(info, st.Rhs[0])
			}
		}
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return 0, false
		}
		vs, ok := gd.Specs[0].(*ast.ValueSpec)
		if ok && len(vs.Names) == 1 && len(vs.Values) == 1 && sameVar(info, vs.Names[0], x) {
			return constInt(info, vs.Values[0])
		}
	}
	return 0, false
}

// startBeforeLoop returns the counter's start when the loop has no init
// statement for it (try := 1; for try <= 5 { ...; try++ }): the constant
// the nearest statement before the loop in its block gives it, when no
// statement between them mentions the counter.
func (g *guards) startBeforeLoop(x ast.Expr) (int64, bool) {
	if g.r == nil || g.r.Kind != retryloop.Loop {
		return 0, false
	}
	stack := g.r.Stack
	for i := len(stack) - 1; i > 0; i-- {
		block, ok := stack[i-1].(*ast.BlockStmt)
		if !ok {
			continue
		}
		idx := slices.IndexFunc(block.List, func(st ast.Stmt) bool { return ast.Node(st) == stack[i] })
		if idx < 0 {
			return 0, false
		}
		for j := idx - 1; j >= 0; j-- {
			if n, ok := counterStart(g.info, block.List[j], x); ok {
				return n, true
			}
			if mentions(g.info, block.List[j], x) {
				return 0, false
			}
		}
		return 0, false
	}
	return 0, false
}

// mentions reports whether n refers to the variable x names.
func mentions(info *types.Info, n ast.Node, x ast.Expr) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && sameVar(info, id, x) {
			found = true
		}
		return !found
	})
	return found
}

// value returns the constant value of e, following a local variable that
// is assigned once and never changed in the loop.
func (g *guards) value(e ast.Expr) (int64, bool) {
	if n, ok := constInt(g.info, e); ok {
		return n, true
	}
	id, ok := astutil.Unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := g.info.Uses[id].(*types.Var)
	if !ok || g.modified[v] {
		return 0, false
	}
	if def := knowledge.SoleAssignment(g.info, v, g.r.Enclosing); def != nil {
		return constInt(g.info, def)
	}
	return 0, false
}

func sameVar(info *types.Info, id *ast.Ident, e ast.Expr) bool {
	other, ok := astutil.Unparen(e).(*ast.Ident)
	return ok && info.ObjectOf(id) != nil && info.ObjectOf(id) == info.ObjectOf(other)
}

// isCount reports integer types that count things: not time.Duration.
func isCount(t types.Type) bool {
	if t == nil {
		return false
	}
	if named, ok := types.Unalias(t).(*types.Named); ok {
		if obj := named.Obj(); obj.Pkg() != nil && obj.Pkg().Path() == "time" {
			return false
		}
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// mentionsContext reports expressions that use a context's end: ctx.Done(),
// ctx.Err(), context.Cause(ctx), context.Canceled, context.DeadlineExceeded,
// or a call other than an attempt that is given a context.
func (g *guards) mentionsContext(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectorExpr:
			if obj := g.info.Uses[n.Sel]; obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "context" {
				switch obj.Name() {
				case "Canceled", "DeadlineExceeded", "Cause":
					found = true
				}
			}
		case *ast.CallExpr:
			if g.attempts[n] {
				return true
			}
			if sel, ok := astutil.Unparen(n.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "Done" || sel.Sel.Name == "Err") && isContext(g.info.TypeOf(sel.X)) {
				found = true
			}
			for _, a := range n.Args {
				if isContext(g.info.TypeOf(a)) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// lifecycle reports names of a component's end of life, such as the
// closed() of a pool or the stopping flag of a client: a loop that exits
// when its owner shuts down is bounded by that owner.
func lifecycle(name string) bool {
	name = strings.ToLower(name)
	for _, w := range []string{"closed", "closing", "stopped", "stopping", "shutdown", "shuttingdown", "quit", "terminat"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// readsState reports a condition that calls something other than an
// attempt and says nothing about an error: it reads state that another
// goroutine can change (a connection status, a running flag).
func (g *guards) readsState(cond ast.Expr) bool {
	calls, errs := false, false
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if g.attempts[n] {
				errs = true
				return false
			}
			if pkg, _, _ := knowledge.Callee(g.info, n); pkg == "time" || pkg == "errors" {
				return true
			}
			calls = true
		case *ast.Ident:
			if t := g.info.TypeOf(n); t != nil && types.Identical(t, types.Universe.Lookup("error").Type()) {
				errs = true
			}
		}
		return true
	})
	return calls && !errs
}

// decides reports a call that can decide to stop a retry: it is given a
// context (a context-aware wait), an error (a retry policy judging the last
// failure), or is named like a retry policy, budget or limiter. Other
// fallible calls (reading the body after a successful request) say nothing
// about how long the retry runs.
func (g *guards) decides(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		t := g.info.TypeOf(a)
		if isContext(t) || t != nil && types.Identical(t, types.Universe.Lookup("error").Type()) {
			return true
		}
	}
	name := retryloop.CalledName(call)
	name = strings.ToLower(name)
	for _, w := range []string{"retry", "backoff", "wait", "sleep", "budget", "allow", "limit"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// fromOtherCall reports an error variable assigned, in the loop, from a
// fallible call that is not an attempt.
func (g *guards) fromOtherCall(v *types.Var) bool {
	found := false
	ast.Inspect(g.r.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || found {
			return !found
		}
		call, ok := astutil.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok || g.attempts[call] {
			return true
		}
		for _, l := range as.Lhs {
			if id, ok := astutil.Unparen(l).(*ast.Ident); ok && g.info.ObjectOf(id) == v && retryloop.ReturnsError(g.info, call) && g.decides(call) {
				found = true
			}
		}
		return !found
	})
	return found
}

func isContext(t types.Type) bool { return retryloop.IsContext(t) }

// modifiedIn returns the variables assigned or incremented inside n.
func modifiedIn(info *types.Info, n ast.Node) map[types.Object]bool {
	m := map[types.Object]bool{}
	mark := func(e ast.Expr) {
		if id, ok := astutil.Unparen(e).(*ast.Ident); ok {
			if obj := info.ObjectOf(id); obj != nil {
				m[obj] = true
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(n.X)
		}
		return true
	})
	return m
}

func constInt(info *types.Info, e ast.Expr) (int64, bool) {
	if info == nil {
		return 0, false
	}
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	v := constant.ToInt(tv.Value)
	if v.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(v)
}

// supervises reports a loop that keeps a long-lived connection up rather
// than retrying a request: its function returns nothing (no caller waits
// for it or gets its last error, so there is nobody to give up to) and it
// waits between attempts for a duration that it multiplies each time
// around up to a fixed cap. Its load on the dependency is bounded by the
// cap (one attempt per cap interval at most), and giving up would leave the
// component down with nobody told. Whether it backs off with jitter is
// retrybackoff's to judge. A function that returns an error, or a loop
// that waits a constant time or grows without a cap, is still reported.
func supervises(info *types.Info, r *retryloop.Retry) bool {
	var sig *types.Signature
	switch f := r.Enclosing.(type) {
	case *ast.FuncDecl:
		if obj, ok := info.Defs[f.Name].(*types.Func); ok {
			sig = obj.Signature()
		}
	case *ast.FuncLit:
		sig, _ = info.TypeOf(f).(*types.Signature)
	}
	if sig == nil || sig.Results().Len() != 0 {
		return false
	}
	grown, capped := map[types.Object]bool{}, map[types.Object]bool{}
	ast.Inspect(r.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) != 1 || len(n.Rhs) != 1 {
				return true
			}
			v := varOf(info, n.Lhs[0])
			if v == nil {
				return true
			}
			switch n.Tok {
			case token.MUL_ASSIGN, token.SHL_ASSIGN:
				grown[v] = true
			case token.ASSIGN:
				if bin, ok := astutil.Unparen(n.Rhs[0]).(*ast.BinaryExpr); ok && (bin.Op == token.MUL || bin.Op == token.SHL) && varOf(info, bin.X) == v {
					grown[v] = true
				}
				if minCap(info, n.Rhs[0], v) {
					grown[v], capped[v] = true, true
				}
			}
		case *ast.IfStmt:
			// if wait > limit { wait = limit }
			if cmp, ok := astutil.Unparen(n.Cond).(*ast.BinaryExpr); ok && (cmp.Op == token.GTR || cmp.Op == token.GEQ) {
				v := varOf(info, cmp.X)
				if v == nil || len(n.Body.List) != 1 {
					return true
				}
				if as, ok := n.Body.List[0].(*ast.AssignStmt); ok && as.Tok == token.ASSIGN && len(as.Lhs) == 1 && len(as.Rhs) == 1 &&
					varOf(info, as.Lhs[0]) == v && !retryloop.RefersTo(info, as.Rhs[0], v) {
					capped[v] = true
				}
			}
		}
		return true
	})
	waited := false
	ast.Inspect(r.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || waited {
			return !waited
		}
		if pkg, name, _ := knowledge.Callee(info, call); pkg == "time" && (name == "Sleep" || name == "After" || name == "NewTimer") && len(call.Args) == 1 {
			for v := range grown {
				if capped[v] && retryloop.RefersTo(info, call.Args[0], v) {
					waited = true
				}
			}
		}
		return !waited
	})
	return waited
}

// minCap reports min(v*k, limit) or min(limit, v*k) assigned back to v.
func minCap(info *types.Info, e ast.Expr, v types.Object) bool {
	call, ok := astutil.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 2 {
		return false
	}
	if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); !ok || id.Name != "min" {
		return false
	} else if _, builtin := info.Uses[id].(*types.Builtin); !builtin {
		return false
	}
	return retryloop.RefersTo(info, call.Args[0], v) != retryloop.RefersTo(info, call.Args[1], v)
}

func varOf(info *types.Info, e ast.Expr) types.Object {
	if id, ok := astutil.Unparen(e).(*ast.Ident); ok {
		if v, ok := info.ObjectOf(id).(*types.Var); ok {
			return v
		}
	}
	return nil
}

// movesOn reports a call of a method of the package, given the last error,
// that answers whether to go around (it returns a bool) and, on every path
// that answers true, first assigns a field of its receiver (t.link =
// betaThreadCreate{}; return true): a fallback that switches the receiver
// to another mode, from which the next attempt is planned. A predicate
// that only classifies the error (isRetryable(err)) assigns nothing and
// is not one: it would say yes for every attempt of an outage. The
// analysis does not prove the modes run out; it trusts that a decision
// which changes state each time it allows a retry walks a finite chain.
func (g *guards) movesOn(call *ast.CallExpr) bool {
	if g.pass == nil || g.attempts[call] {
		return false
	}
	if t, ok := g.info.TypeOf(call).(*types.Basic); !ok || t.Kind() != types.Bool && t.Kind() != types.UntypedBool {
		return false
	}
	given := false
	for _, a := range call.Args {
		if t := g.info.TypeOf(a); t != nil && types.Identical(t, types.Universe.Lookup("error").Type()) {
			given = true
		}
	}
	_, _, fn := knowledge.Callee(g.info, call)
	if !given || fn == nil || fn.Pkg() != g.pass.Pkg || fn.Signature().Recv() == nil {
		return false
	}
	fd := funcDecl(g.pass, fn)
	if fd == nil || fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
		return false
	}
	recv := g.info.Defs[fd.Recv.List[0].Names[0]]
	trues, moved := 0, 0
	// sets reports a statement that surely assigns a field of the receiver:
	// an assignment, a block holding one, an if whose every branch does.
	var sets func(st ast.Stmt) bool
	sets = func(st ast.Stmt) bool {
		switch st := st.(type) {
		case *ast.AssignStmt:
			for _, l := range st.Lhs {
				if sel, ok := astutil.Unparen(l).(*ast.SelectorExpr); ok {
					if id, ok := astutil.Unparen(sel.X).(*ast.Ident); ok && recv != nil && g.info.ObjectOf(id) == recv {
						return true
					}
				}
			}
		case *ast.BlockStmt:
			for _, x := range st.List {
				if sets(x) {
					return true
				}
			}
		case *ast.IfStmt:
			return st.Else != nil && sets(st.Body) && sets(st.Else)
		}
		return false
	}
	var walk func(list []ast.Stmt, assigned bool)
	walk = func(list []ast.Stmt, assigned bool) {
		for _, st := range list {
			switch st := st.(type) {
			case *ast.ReturnStmt:
				if len(st.Results) == 1 {
					if tv, ok := g.info.Types[st.Results[0]]; ok && tv.Value != nil && tv.Value.String() == "true" {
						trues++
						if assigned {
							moved++
						}
					} else if !ok || tv.Value == nil {
						trues, moved = trues+1, moved-1 // an answer not written out
					}
				}
			case *ast.BlockStmt:
				walk(st.List, assigned)
			case *ast.IfStmt:
				walk(st.Body.List, assigned)
				if st.Else != nil {
					walk([]ast.Stmt{st.Else}, assigned)
				}
			case *ast.SwitchStmt:
				for _, c := range st.Body.List {
					walk(c.(*ast.CaseClause).Body, assigned)
				}
			case *ast.TypeSwitchStmt:
				for _, c := range st.Body.List {
					walk(c.(*ast.CaseClause).Body, assigned)
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SelectStmt, *ast.LabeledStmt, *ast.GoStmt, *ast.DeferStmt:
				trues, moved = trues+1, moved-1 // not followed
			}
			assigned = assigned || sets(st)
		}
	}
	walk(fd.Body.List, false)
	return trues > 0 && moved == trues
}

// funcDecl returns the declaration of fn among the package's files.
func funcDecl(pass *analysis.Pass, fn *types.Func) *ast.FuncDecl {
	for _, f := range pass.Files {
		if f.Pos() > fn.Pos() || fn.Pos() > f.End() {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && pass.TypesInfo.Defs[fd.Name] == fn {
				return fd
			}
		}
	}
	return nil
}
