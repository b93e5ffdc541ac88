package retrybackoff

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/retryloop"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// shape is what the analysis knows about a wait duration.
type shape struct {
	rand    bool // involves math/rand
	exp     bool // grows exponentially with the attempt
	grows   bool // changes from one attempt to the next
	unknown bool // cannot tell
}

func (s shape) or(t shape) shape {
	return shape{s.rand || t.rand, s.exp || t.exp, s.grows || t.grows, s.unknown || t.unknown}
}

// loopWaits classifies how a retry loop waits between attempts.
type loopWaits struct {
	info     *types.Info
	files    []*ast.File // the package's, to read its constructors
	waits    *Waits
	stores   *structlit.Stores
	r        *retryloop.Retry
	assigned map[types.Object][]ast.Node // assignments in the loop, by variable
	counters map[types.Object]bool       // incremented in the loop or range keys
	depth    int
	// randSeen are the variables randVar is following, so that d = d + x
	// is not followed round again.
	randSeen map[types.Object]bool
}

func classifyLoop(info *types.Info, files []*ast.File, waits *Waits, stores *structlit.Stores, r *retryloop.Retry) knowledge.Wait {
	lw := &loopWaits{info: info, files: files, waits: waits, stores: stores, r: r, assigned: map[types.Object][]ast.Node{}, counters: map[types.Object]bool{}}
	lw.index()
	var total shape
	found := false
	add := func(s shape) {
		total = total.or(s)
		found = true
	}
	attempts := map[*ast.CallExpr]bool{}
	for _, c := range r.Attempts {
		attempts[c] = true
	}
	var inspectRef func(ast.Node) bool
	var scan []ast.Node
	scan = append(scan, r.Body)
	if f, ok := r.Loop.(*ast.ForStmt); ok && f.Post != nil {
		// for ; cond; <-time.After(d) {}
		scan = append(scan, f.Post)
	}
	inspect := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			// A wait just before leaving the loop (sleep, then break on
			// success) is not a wait between attempts, unless the block
			// may also go around (sleep; if retryable { continue }; return).
			if n != r.Body && leavesAtEnd(n) && !retryloop.GoesAround(r, n) {
				return false
			}
			if leavesAtEnd(n) {
				// In a block that leaves at its end, what follows the
				// last attempt and the last way around runs on the way
				// out (s.create(conn); return after a dial succeeded):
				// its waits are not between attempts.
				last := len(n.List) - 1
				for last >= 0 && !lw.triesOrGoesAround(n.List[last], attempts) {
					last--
				}
				for _, st := range n.List[:last+1] {
					ast.Inspect(st, inspectRef)
				}
				return false
			}
		case *ast.SelectStmt:
			// A select with a default case does not block: its receives
			// are checks (is the loop stopped?), not waits, and only the
			// clauses' bodies are looked at.
			for _, st := range n.Body.List {
				if cc, ok := st.(*ast.CommClause); ok && cc.Comm == nil {
					lw.selectBodies(n, inspectRef, func(*ast.CommClause) bool { return true })
					return false
				}
			}
			known := false
			ast.Inspect(n, func(m ast.Node) bool {
				switch m := m.(type) {
				case *ast.CallExpr:
					if pkg, name, fn := knowledge.Callee(info, m); isWaitPrimitive(pkg, name, fn) {
						known = true
					}
				case *ast.UnaryExpr:
					// <-timer.C of a timer made in the function.
					if s, waits := lw.receive(m.X); m.Op == token.ARROW && waits && !s.unknown {
						known = true
					}
				}
				return !known
			})
			if !known && !lw.onlyContextCases(n) {
				add(shape{unknown: true})
			}
			// A case that leaves the loop (case <-s.quit: return) stops
			// the retry rather than spacing it out: the wait is what the
			// other cases wait for.
			lw.selectBodies(n, inspectRef, func(cc *ast.CommClause) bool { return lw.cancels(cc, attempts) })
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				if s, waits := lw.receive(n.X); waits {
					add(s)
				}
			}
		case *ast.CallExpr:
			if attempts[n] {
				// What the attempt does inside is not a wait between
				// attempts (a dial has its own), unless it is given the
				// attempt number and waits: then it backs off itself, as
				// in c.process(ctx, cmd, attempt) sleeping before retries.
				_, _, fn := knowledge.Callee(info, n)
				if blockingReceive(info, n) || waits.Of(fn) != nil && waits.Of(fn).Receives {
					// ch.Receive(ctx) blocks until a message or the end of
					// ctx, and so does a Next(ctx) whose body is a select
					// of receives: the attempt is the wait.
					add(shape{unknown: true})
				} else if f := waits.Of(fn); f != nil && f.Waits && lw.takesCounter(n) {
					if lw.jittered(n, f) {
						add(shape{rand: true})
					} else {
						add(shape{unknown: true})
					}
				}
				for _, a := range n.Args {
					ast.Inspect(a, inspectRef)
				}
				return false
			}
			pkg, name, fn := knowledge.Callee(info, n)
			if isWaitPrimitive(pkg, name, fn) {
				if name == "AfterFunc" || len(n.Args) == 0 {
					return true
				}
				if name == "NewTimer" || name == "NewTicker" || name == "Tick" {
					// Received from later; counted at the receive.
					return true
				}
				add(lw.duration(n.Args[0]))
				return true
			}
			if f := waits.Of(fn); f != nil && f.Waits {
				add(lw.helperWait(n, f))
				return true
			}
			if len(n.Args) == 1 && lw.storedSleep(n) {
				// r.sleep(d), where every value stored in r.sleep is
				// time.Sleep (kept in a field so tests can replace it).
				add(lw.duration(n.Args[0]))
				return true
			}
			if looksLikeWait(n) && resultIsErrorOrNone(info.TypeOf(n)) {
				// A wait the facts do not cover (an interface method, a
				// function value, a rate limiter): trust it.
				add(shape{unknown: true})
			}
		}
		return true
	}
	inspectRef = inspect
	for _, n := range scan {
		ast.Inspect(n, inspect)
	}
	switch {
	case !found:
		return knowledge.WaitNone
	case total.rand || total.unknown:
		if total.rand {
			return knowledge.WaitJittered
		}
		return knowledge.WaitUnknown
	case total.exp:
		return knowledge.WaitExponential
	case total.grows:
		return knowledge.WaitGrowing
	}
	return knowledge.WaitConstant
}

// onlyContextCases reports a select whose cases all receive from ctx.Done():
// it waits for cancellation, not between attempts.
func (lw *loopWaits) onlyContextCases(s *ast.SelectStmt) bool {
	for _, st := range s.Body.List {
		cc, ok := st.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			continue
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
		u, ok := astutil.Unparen(x).(*ast.UnaryExpr)
		if !ok || !lw.isCtxDone(u.X) {
			return false
		}
	}
	return true
}

// triesOrGoesAround reports a statement that makes an attempt or starts
// the next one.
func (lw *loopWaits) triesOrGoesAround(st ast.Node, attempts map[*ast.CallExpr]bool) bool {
	if retryloop.GoesAround(lw.r, st) {
		return true
	}
	tries := false
	ast.Inspect(st, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && attempts[c] {
			tries = true
		}
		return !tries
	})
	return tries
}

// selectBodies runs inspect over the clauses of a select: over the body
// alone of a clause for which skipComm holds, over the receive or send and
// the body of the others.
func (lw *loopWaits) selectBodies(sel *ast.SelectStmt, inspect func(ast.Node) bool, skipComm func(*ast.CommClause) bool) {
	for _, st := range sel.Body.List {
		cc, ok := st.(*ast.CommClause)
		if !ok {
			continue
		}
		if cc.Comm != nil && !skipComm(cc) {
			ast.Inspect(cc.Comm, inspect)
		}
		for _, b := range cc.Body {
			ast.Inspect(b, inspect)
		}
	}
}

// cancels reports a select clause that stops the retry: it makes no
// attempt, nothing in it starts the next one, and its last statement
// returns, panics, or breaks a labelled statement (an unlabelled break
// only ends the select).
func (lw *loopWaits) cancels(cc *ast.CommClause, attempts map[*ast.CallExpr]bool) bool {
	if cc.Comm == nil || len(cc.Body) == 0 || lw.triesOrGoesAround(cc, attempts) {
		return false
	}
	switch last := cc.Body[len(cc.Body)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return last.Label != nil && last.Tok == token.BREAK || last.Tok == token.GOTO
	case *ast.ExprStmt:
		if call, ok := astutil.Unparen(last.X).(*ast.CallExpr); ok {
			if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

func (lw *loopWaits) isCtxDone(e ast.Expr) bool {
	call, ok := astutil.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Done" {
		return false
	}
	return retryloop.IsContext(lw.info.TypeOf(sel.X))
}

// receive classifies a channel receive in the loop; waits is false for
// receives that are not a wait between attempts (ctx.Done()) or that are
// counted at a call (time.After).
func (lw *loopWaits) receive(ch ast.Expr) (s shape, waits bool) {
	ch = astutil.Unparen(ch)
	if call, ok := ch.(*ast.CallExpr); ok {
		pkg, name, _ := knowledge.Callee(lw.info, call)
		if pkg == "time" && (name == "After" || name == "Tick") {
			return shape{}, false
		}
		if lw.isCtxDone(call) {
			return shape{}, false
		}
		return shape{unknown: true}, true
	}
	// t.C of a timer or ticker made outside the loop.
	if sel, ok := ch.(*ast.SelectorExpr); ok && sel.Sel.Name == "C" {
		if id, ok := astutil.Unparen(sel.X).(*ast.Ident); ok {
			if v, ok := lw.info.Uses[id].(*types.Var); ok {
				if def := knowledge.SoleAssignment(lw.info, v, lw.r.Enclosing); def != nil {
					if call, ok := astutil.Unparen(def).(*ast.CallExpr); ok {
						pkg, name, _ := knowledge.Callee(lw.info, call)
						if pkg == "time" && (name == "NewTimer" || name == "NewTicker") && len(call.Args) == 1 {
							if lw.resetInLoop(v) {
								// Reset(d) in the loop is counted there.
								return shape{}, false
							}
							return lw.duration(call.Args[0]), true
						}
					}
				}
			}
		}
	}
	return shape{unknown: true}, true
}

func (lw *loopWaits) resetInLoop(v *types.Var) bool {
	found := false
	ast.Inspect(lw.r.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Reset" {
				if id, ok := astutil.Unparen(sel.X).(*ast.Ident); ok && lw.info.Uses[id] == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// helperWait classifies a call to a function that waits: by its duration
// argument when it takes one, else by its fact.
func (lw *loopWaits) helperWait(call *ast.CallExpr, f *WaitFact) shape {
	if lw.jittered(call, f) {
		return shape{rand: true}
	}
	for _, a := range call.Args {
		if isDuration(lw.info.TypeOf(a)) {
			s := lw.duration(a)
			if f.Exponential {
				s.exp = true
			}
			return s
		}
	}
	if f.Exponential {
		return shape{exp: true, grows: true}
	}
	// It waits, on what we cannot tell (an attempt number it turns into a
	// table lookup, say).
	return shape{unknown: true}
}

// jittered reports whether a call of a function with fact f adds jitter:
// f.Jitter, unless the function adds it only when a field of its receiver
// is set (f.JitterIf) and the receiver is a variable of the enclosing
// function made once by a composite literal (Backoff{Base: d}, &Backoff{...})
// that leaves the field out or sets it to 0, whose field is never set
// afterwards, and which is used only through its fields and methods (not
// handed to a function that might configure it).
func (lw *loopWaits) jittered(call *ast.CallExpr, f *WaitFact) bool {
	if !f.Jitter {
		return false
	}
	if f.JitterIf == "" {
		return true
	}
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return true
	}
	id, ok := astutil.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return true
	}
	v, ok := lw.info.Uses[id].(*types.Var)
	if !ok {
		return true
	}
	def := astutil.Unparen(knowledge.SoleAssignment(lw.info, v, lw.r.Enclosing))
	if u, ok := def.(*ast.UnaryExpr); ok && u.Op == token.AND {
		def = astutil.Unparen(u.X)
	}
	lit, ok := def.(*ast.CompositeLit)
	if !ok {
		return true
	}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return true // positional: every field is set
		}
		if k, ok := kv.Key.(*ast.Ident); ok && k.Name == f.JitterIf {
			if tv, ok := lw.info.Types[kv.Value]; !ok || tv.Value == nil || tv.Value.ExactString() != "0" {
				return true
			}
		}
	}
	return lw.configuredElsewhere(v, f.JitterIf)
}

// configuredElsewhere reports whether the enclosing function sets field of
// v (v.field = x) or uses v other than through a selector (passes v or &v
// to a function, copies it).
func (lw *loopWaits) configuredElsewhere(v *types.Var, field string) bool {
	selected := map[*ast.Ident]bool{}
	found := false
	ast.Inspect(lw.r.Enclosing, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := astutil.Unparen(n.X).(*ast.Ident); ok {
				selected[id] = true
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if sel, ok := astutil.Unparen(l).(*ast.SelectorExpr); ok && sel.Sel.Name == field {
					if id, ok := astutil.Unparen(sel.X).(*ast.Ident); ok && lw.info.Uses[id] == v {
						found = true
					}
				}
			}
		case *ast.Ident:
			if lw.info.Uses[n] == v && !selected[n] {
				found = true
			}
		}
		return !found
	})
	return found
}

// looksLikeWait reports calls named like a wait, which may block between
// attempts in ways the analysis cannot see.
func looksLikeWait(call *ast.CallExpr) bool {
	name := retryloop.CalledName(call)
	name = strings.ToLower(name)
	for _, w := range []string{"wait", "sleep", "backoff", "delay", "pause", "throttle"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// resultIsErrorOrNone reports the result types of calls that can be waits:
// nothing (b.Backoff()), or an error (limiter.Wait(ctx)).
func resultIsErrorOrNone(t types.Type) bool {
	if t == nil {
		return false
	}
	if tuple, ok := t.(*types.Tuple); ok {
		return tuple.Len() == 0
	}
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// leavesAtEnd reports a block whose last statement leaves the loop or the
// function: return, break, panic or a Fatal call.
func leavesAtEnd(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch last := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return last.Tok == token.BREAK || last.Tok == token.GOTO
	case *ast.ExprStmt:
		if call, ok := astutil.Unparen(last.X).(*ast.CallExpr); ok {
			if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

func isDuration(t types.Type) bool {
	if t == nil {
		return false
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "time" && named.Obj().Name() == "Duration"
}

// index records the assignments and counters of the loop.
func (lw *loopWaits) index() {
	note := func(l ast.Expr, n ast.Node) {
		if id, ok := astutil.Unparen(l).(*ast.Ident); ok {
			if obj := lw.info.ObjectOf(id); obj != nil {
				lw.assigned[obj] = append(lw.assigned[obj], n)
			}
		}
	}
	ast.Inspect(lw.r.Loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n == lw.initStmt() {
				return true
			}
			// attempt := attempt copies a counter.
			if n.Tok == token.DEFINE && len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if r, ok := astutil.Unparen(n.Rhs[0]).(*ast.Ident); ok && lw.counters[lw.info.ObjectOf(r)] {
					if l, ok := n.Lhs[0].(*ast.Ident); ok {
						if obj := lw.info.ObjectOf(l); obj != nil {
							lw.counters[obj] = true
						}
					}
				}
			}
			for _, l := range n.Lhs {
				note(l, n)
			}
		case *ast.IncDecStmt:
			if id, ok := astutil.Unparen(n.X).(*ast.Ident); ok {
				if obj := lw.info.ObjectOf(id); obj != nil {
					lw.counters[obj] = true
				}
			}
		}
		return true
	})
	if rs, ok := lw.r.Loop.(*ast.RangeStmt); ok && rs.Key != nil {
		if id, ok := rs.Key.(*ast.Ident); ok {
			if obj := lw.info.ObjectOf(id); obj != nil {
				lw.counters[obj] = true
			}
		}
	}
}

// blockingReceive reports an attempt that waits for something to arrive,
// given a context to give up with: Receive(ctx), Recv(ctx), WaitFor...(ctx).
func blockingReceive(info *types.Info, call *ast.CallExpr) bool {
	name := retryloop.CalledName(call)
	if name != "Receive" && name != "Recv" && !strings.HasPrefix(name, "Wait") {
		return false
	}
	for _, a := range call.Args {
		if retryloop.IsContext(info.TypeOf(a)) {
			return true
		}
	}
	return false
}

// takesCounter reports a call given a counter of the loop.
func (lw *loopWaits) takesCounter(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if id, ok := astutil.Unparen(a).(*ast.Ident); ok && lw.counters[lw.info.ObjectOf(id)] {
			return true
		}
	}
	return false
}

func (lw *loopWaits) initStmt() ast.Stmt {
	if f, ok := lw.r.Loop.(*ast.ForStmt); ok {
		return f.Init
	}
	return nil
}

// duration classifies a wait duration expression.
func (lw *loopWaits) duration(e ast.Expr) shape {
	lw.depth++
	defer func() { lw.depth-- }()
	if lw.depth > 12 {
		return shape{unknown: true}
	}
	e = astutil.Unparen(e)
	if tv, ok := lw.info.Types[e]; ok && tv.Value != nil {
		return shape{}
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		return shape{}
	case *ast.Ident:
		return lw.variable(e)
	case *ast.SelectorExpr:
		if _, ok := lw.info.Uses[e.Sel].(*types.Var); ok {
			if lw.selectorAssigned(e.Sel.Name) {
				return shape{unknown: true}
			}
			return shape{}
		}
		return shape{unknown: true}
	case *ast.UnaryExpr:
		return lw.duration(e.X)
	case *ast.BinaryExpr:
		x, y := lw.duration(e.X), lw.duration(e.Y)
		s := x.or(y)
		switch e.Op {
		case token.SHL:
			if y.grows {
				s.exp = true
			}
		case token.MUL:
			// Growth times growth is still not exponential; a constant
			// times a counter grows linearly; both kept by or.
		}
		return s
	case *ast.CallExpr:
		if tv, ok := lw.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return lw.duration(e.Args[0])
		}
		if id, ok := astutil.Unparen(e.Fun).(*ast.Ident); ok {
			if _, builtin := lw.info.Uses[id].(*types.Builtin); builtin && (id.Name == "min" || id.Name == "max") {
				var s shape
				for _, a := range e.Args {
					s = s.or(lw.duration(a))
				}
				return s
			}
		}
		pkg, name, fn := knowledge.Callee(lw.info, e)
		switch {
		case pkg == "math/rand" || pkg == "math/rand/v2":
			return shape{rand: true, grows: true}
		case pkg == "math" && name == "Pow" && len(e.Args) == 2:
			y := lw.duration(e.Args[1])
			return shape{exp: y.grows, grows: y.grows, unknown: y.unknown}
		case pkg == "time" && (name == "Duration" || strings.HasPrefix(name, "Parse")):
			return shape{unknown: true}
		}
		if f := lw.waits.Of(fn); f != nil {
			switch {
			case lw.jittered(e, f):
				return shape{rand: true, grows: true}
			case f.Exponential:
				return shape{exp: true, grows: true}
			}
		}
		if s, ok := lw.storedWait(e); ok {
			return s
		}
		return shape{unknown: true}
	}
	return shape{unknown: true}
}

// variable classifies a variable used in a wait: a counter grows; a value
// multiplied in the loop grows exponentially; a value not assigned in the
// loop is the same every attempt, whatever it was computed from before.
func (lw *loopWaits) variable(id *ast.Ident) shape {
	obj := lw.info.ObjectOf(id)
	if obj == nil {
		return shape{unknown: true}
	}
	if _, ok := obj.(*types.Var); !ok {
		return shape{}
	}
	if lw.counters[obj] {
		return shape{grows: true}
	}
	sets := lw.assigned[obj]
	if len(sets) == 0 {
		// Loop-invariant: the same wait every attempt, unless it was drawn
		// at random once (still a different wait per client).
		if v, ok := obj.(*types.Var); ok {
			if def := knowledge.SoleAssignment(lw.info, v, lw.r.Enclosing); def != nil && lw.depth < 6 {
				if lw.duration(def).rand {
					return shape{rand: true}
				}
			}
		}
		return shape{}
	}
	var s shape
	for _, n := range sets {
		as := n.(*ast.AssignStmt)
		for i, l := range as.Lhs {
			lid, ok := astutil.Unparen(l).(*ast.Ident)
			if !ok || lw.info.ObjectOf(lid) != obj {
				continue
			}
			switch as.Tok {
			case token.MUL_ASSIGN, token.SHL_ASSIGN:
				s = s.or(shape{exp: true, grows: true})
				if i < len(as.Rhs) {
					s.rand = s.rand || lw.duration(as.Rhs[i]).rand
				}
			case token.ADD_ASSIGN, token.SUB_ASSIGN:
				s.grows = true
				if i < len(as.Rhs) {
					s.rand = s.rand || lw.duration(as.Rhs[i]).rand
					// d += d/2 grows by a fraction of itself: geometrically.
					s.exp = s.exp || as.Tok == token.ADD_ASSIGN && refersTo(lw.info, as.Rhs[i], obj)
				}
			case token.ASSIGN, token.DEFINE:
				if len(as.Rhs) != len(as.Lhs) {
					s.unknown = true
					continue
				}
				rhs := as.Rhs[i]
				if growsBy(lw.info, rhs, obj, token.MUL) || growsBy(lw.info, rhs, obj, token.SHL) || addsFraction(lw.info, rhs, obj) {
					s = s.or(shape{exp: true, grows: true})
					s.rand = s.rand || lw.randIn(rhs)
					continue
				}
				if refersTo(lw.info, rhs, obj) {
					s.grows = true
					s.rand = s.rand || lw.randIn(rhs)
					continue
				}
				// A fresh value each attempt.
				s = s.or(lw.duration(rhs))
			default:
				s.unknown = true
			}
		}
	}
	return s
}

// randIn reports e computed from a random number: directly, through a
// helper whose fact says it adds jitter, or through a local variable set
// from one (offset := (rand.Float64()*2 - 1) * spread; d += offset). Jitter
// under a condition (if jitter > 0 { ... }) counts: the condition is the
// caller's configuration, which the loop cannot see.
func (lw *loopWaits) randIn(e ast.Expr) bool {
	lw.depth++
	defer func() { lw.depth-- }()
	if lw.depth > 12 {
		return false
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			found = lw.randVar(id)
			return !found
		}
		if call, ok := n.(*ast.CallExpr); ok {
			pkg, _, fn := knowledge.Callee(lw.info, call)
			if pkg == "math/rand" || pkg == "math/rand/v2" {
				found = true
			} else if f := lw.waits.Of(fn); f != nil && lw.jittered(call, f) {
				found = true
			}
		}
		return !found
	})
	return found
}

// randVar reports a local variable whose value, set in the loop or once in
// the function, comes from a random number.
func (lw *loopWaits) randVar(id *ast.Ident) bool {
	v, ok := lw.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || lw.randSeen[v] {
		return false
	}
	if lw.randSeen == nil {
		lw.randSeen = map[types.Object]bool{}
	}
	lw.randSeen[v] = true
	defer delete(lw.randSeen, v)
	for _, n := range lw.assigned[v] {
		as := n.(*ast.AssignStmt)
		if len(as.Lhs) != len(as.Rhs) {
			continue
		}
		for i, l := range as.Lhs {
			if lid, ok := astutil.Unparen(l).(*ast.Ident); ok && lw.info.ObjectOf(lid) == v && lw.randIn(as.Rhs[i]) {
				return true
			}
		}
	}
	if len(lw.assigned[v]) == 0 {
		if def := knowledge.SoleAssignment(lw.info, v, lw.r.Enclosing); def != nil {
			return lw.randIn(def)
		}
	}
	return false
}

func (lw *loopWaits) selectorAssigned(name string) bool {
	found := false
	ast.Inspect(lw.r.Loop, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return !found
		}
		for _, l := range as.Lhs {
			if sel, ok := astutil.Unparen(l).(*ast.SelectorExpr); ok && sel.Sel.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}
