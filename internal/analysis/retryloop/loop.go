package retryloop

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// outcome is where control goes after a path through the loop body.
type outcome int

const (
	// next: the statements ran to their end; keep following the path.
	next outcome = iota
	// around: the loop starts its next iteration.
	around
	// exit: the loop is left (return, break, continue of an outer loop,
	// goto).
	exit
	// abort: the loop is left by a failure: panic, os.Exit, log.Fatal,
	// t.Fatal, testify's require.Fail, or a return of a freshly made
	// error. A success path that aborts is an assertion (a test expecting
	// failure), not a retry.
	abort
)

// loopScan holds what is known about one candidate loop.
type loopScan struct {
	info  *types.Info
	loop  ast.Stmt
	body  *ast.BlockStmt
	label string
	// isGoto is set for a loop made of a label and a backward goto (see
	// Retry.Goto): goto label goes around, and an unlabelled continue
	// belongs to an enclosing loop.
	isGoto bool
	// parent maps every node of the body to its parent; the body's parent is
	// the loop.
	parent map[ast.Node]ast.Node
	// innerLabels are labels declared inside the body.
	innerLabels map[string]ast.Stmt
	// errCalls maps an error variable to the fallible calls assigned to it.
	errCalls map[types.Object][]*ast.CallExpr
	// stateVars are the variables that tag a switch at the top of the body,
	// for goto-free state machines.
	stateVars map[types.Object]bool
	// stateChanged is set by seq when a path assigns a state variable.
	stateChanged bool
	// failing is the error variable known to be non-nil on the path being
	// followed (the failure path of an attempt), or nil.
	failing types.Object
	// failScope is the statement that handles that failure; see
	// handlingFailure.
	failScope ast.Node
	// direct maps a fallible call compared with nil on the spot
	// (if send() == nil { return }) to a variable made up to stand for its
	// error, so such a test is followed like a test of err.
	direct map[*ast.CallExpr]types.Object
	// statusCalls maps a variable holding an *http.Response to the fallible
	// calls assigned to it, whose status can fail them too (status.go).
	statusCalls map[types.Object][]*ast.CallExpr
}

// findLoop returns the retry that loop is, or nil.
func findLoop(pass *analysis.Pass, loop ast.Stmt, label string) *Retry {
	info := pass.TypesInfo
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		if !rangesOverInt(info, l.X) {
			return nil
		}
		body = l.Body
	}
	if body == nil || info == nil {
		return nil
	}
	return scanLoop(info, loop, body, label, false)
}

// scanLoop returns the retry that loop, with the given body, is, or nil.
func scanLoop(info *types.Info, loop ast.Stmt, body *ast.BlockStmt, label string, isGoto bool) *Retry {
	pos := loop.Pos()
	s := newLoopScan(info, loop, body, label, isGoto)
	if len(s.errCalls) == 0 {
		return nil
	}
	attempts := map[*ast.CallExpr]bool{}
	retries := false // a check that leaves the loop on success
	s.checks(func(v types.Object, at ast.Stmt) {
		for _, c := range s.reaching(v, at) {
			attempts[c] = true
		}
		retries = true
	})
	s.reconnects(func(v types.Object, at ast.Stmt) {
		for _, c := range s.reaching(v, at) {
			attempts[c] = true
		}
	})
	if len(attempts) == 0 {
		for _, c := range s.emptyResult() {
			attempts[c] = true
			retries = true
		}
	}
	if len(attempts) == 0 || s.iterates(attempts) {
		return nil
	}
	r := &Retry{Kind: Loop, Pos: pos, Loop: loop, Body: body, Label: label, Goto: isGoto, Reconnect: !retries}
	// Source order, each call once.
	ast.Inspect(loop, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && attempts[c] {
			r.Attempts = append(r.Attempts, c)
			delete(attempts, c)
		}
		return true
	})
	return r
}

// emptyResult returns the attempts of a loop that goes around while what
// an attempt returned is empty, and is left once it is not:
//
//	for len(table.Readers) == 0 && tries > 0 {
//		tries--
//		time.Sleep(d)
//		table, err = fetchTable(ctx)
//		if err != nil { return err }
//	}
//
// The for statement's condition (alone, joined with others by &&, or in
// a chain of || made only of such tests) tests len(x...) == 0, x... == nil
// or x... == "", where x is set in the body
// from a fallible call: an empty answer where one is needed is a failed
// attempt, as an error is. The call must not be given x (a page token
// read from the last page moves on to the next one), and must not be a
// read of the next item of a stream (Next, Recv, Receive, Read, Pop,
// Scan): a consumer waiting for data is not retrying.
func (s *loopScan) emptyResult() []*ast.CallExpr {
	f, ok := s.loop.(*ast.ForStmt)
	if !ok || f.Cond == nil || s.isGoto {
		return nil
	}
	subjects := map[types.Object]bool{}
	s.emptinessTests(f.Cond, subjects)
	if len(subjects) == 0 {
		return nil
	}
	var calls []*ast.CallExpr
	ast.Inspect(s.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || len(as.Lhs) < 2 {
			return true
		}
		call, ok := astutil.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok || !ReturnsError(s.info, call) || wrapsError(s.info, call) || accepts(s.info, call) || readsNext(call) {
			return true
		}
		for _, l := range as.Lhs[:len(as.Lhs)-1] {
			id, ok := astutil.Unparen(l).(*ast.Ident)
			if !ok {
				continue
			}
			if obj := s.info.ObjectOf(id); obj != nil && subjects[obj] && !RefersTo(s.info, call, obj) {
				calls = append(calls, call)
				break
			}
		}
		return true
	})
	return calls
}

// emptinessTests adds to subjects the variables whose emptiness cond
// tests, alone, as an operand of a chain of &&, or in a chain of || made
// only of such tests (v == nil || len(v.Members) == 0). It reports whether
// cond is made only of emptiness tests.
func (s *loopScan) emptinessTests(cond ast.Expr, subjects map[types.Object]bool) bool {
	e, ok := astutil.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch e.Op {
	case token.LAND:
		x := s.emptinessTests(e.X, subjects)
		y := s.emptinessTests(e.Y, subjects)
		return x && y
	case token.LOR:
		either := map[types.Object]bool{}
		if s.emptinessTests(e.X, either) && s.emptinessTests(e.Y, either) {
			for v := range either {
				subjects[v] = true
			}
			return true
		}
		return false
	case token.EQL:
	default:
		return false
	}
	x, y := astutil.Unparen(e.X), astutil.Unparen(e.Y)
	if s.isEmptyValue(x) {
		x, y = y, x
	}
	if !s.isEmptyValue(y) {
		return false
	}
	if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 {
		// len(x) == 0
		if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "len" {
			if _, builtin := s.info.Uses[id].(*types.Builtin); builtin {
				x = astutil.Unparen(call.Args[0])
			}
		}
	}
	if _, isCall := x.(*ast.CallExpr); isCall {
		return false
	}
	if id := rootIdent(x); id != nil {
		if obj := s.info.ObjectOf(id); obj != nil {
			if _, isChan := obj.Type().Underlying().(*types.Chan); !isChan {
				subjects[obj] = true
				return true
			}
		}
	}
	return false
}

// isEmptyValue reports nil, 0 and "".
func (s *loopScan) isEmptyValue(e ast.Expr) bool {
	if isNil(s.info, e) {
		return true
	}
	tv, ok := s.info.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	switch tv.Value.ExactString() {
	case "0", `""`:
		return true
	}
	return false
}

// CalledName returns the name a call is written with: f for f(x) and
// x.f(y), "" for a call of anything else (a function literal, an index).
func CalledName(call *ast.CallExpr) string {
	switch f := astutil.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// readsNext reports a call that takes the next item of a stream or queue:
// Next, Recv, Receive, Read, Pop, Scan and names starting with them.
func readsNext(call *ast.CallExpr) bool {
	name := CalledName(call)
	for _, p := range []string{"Next", "Recv", "Receive", "Read", "Pop", "Scan", "next", "recv", "receive", "read", "pop", "scan"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// iterates reports a loop that moves through items rather than repeating an
// attempt:
//
//   - an attempt, or a variable the attempt uses, takes an element indexed
//     by a variable the loop changes: batches[i].Read() with i++ on failure,
//     nc.current = nc.servers[i] before nc.connect();
//   - an attempt, or a variable the attempt uses, is computed from a
//     variable incremented in the body: port++ before listen(port).
func (s *loopScan) iterates(attempts map[*ast.CallExpr]bool) bool {
	changed := map[types.Object]bool{}     // assigned or incremented anywhere in the loop
	incremented := map[types.Object]bool{} // incremented in the body
	objOf := func(e ast.Expr) types.Object {
		e = astutil.Unparen(e)
		if sel, ok := e.(*ast.SelectorExpr); ok {
			e = sel.Sel
		}
		if id, ok := e.(*ast.Ident); ok {
			return s.info.ObjectOf(id)
		}
		return nil
	}
	mark := func(m map[types.Object]bool, e ast.Expr) {
		if obj := objOf(e); obj != nil {
			m[obj] = true
		}
	}
	ast.Inspect(s.loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IncDecStmt:
			mark(changed, n.X)
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					mark(changed, l)
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				mark(changed, n.Key)
			}
		}
		return true
	})
	ast.Inspect(s.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IncDecStmt:
			if n.Tok == token.INC && !countsAttempts(n.X) {
				mark(incremented, n.X)
			}
		case *ast.AssignStmt:
			if n.Tok == token.ADD_ASSIGN {
				for _, l := range n.Lhs {
					if !countsAttempts(l) {
						mark(incremented, l)
					}
				}
			}
		}
		return true
	})
	refers := func(n ast.Node, set map[types.Object]bool) bool {
		found := false
		ast.Inspect(n, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && set[s.info.ObjectOf(id)] {
				found = true
			}
			return !found
		})
		return found
	}
	// movesThrough reports an expression that picks an item by a changing
	// index or computes from an incremented variable.
	movesThrough := func(e ast.Node) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.IndexExpr:
				found = found || refers(n.Index, changed)
			case *ast.SliceExpr:
				for _, x := range []ast.Expr{n.Low, n.High, n.Max} {
					found = found || x != nil && refers(x, changed)
				}
			case ast.Expr:
				// A string made from a changing value: a new address or
				// name (fmt.Sprintf("127.0.0.1:%d", port)).
				found = found || isString(s.info.TypeOf(n)) && refers(n, changed)
			}
			return !found
		})
		return found || refers(e, incremented)
	}
	// Variables set, in the body, from an item or an incremented value.
	moved := map[types.Object]bool{}
	ast.Inspect(s.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			if as.Tok == token.ASSIGN && s.fallback(l, as.Rhs[i]) {
				// protocolVersion = 3 before going around: the next attempt
				// is a different one (a fallback), not a repeat.
				moved[s.info.ObjectOf(astutil.Unparen(l).(*ast.Ident))] = true
				continue
			}
			if as.Tok == token.ADD_ASSIGN || !movesThrough(as.Rhs[i]) {
				continue
			}
			if root := rootIdent(l); root != nil {
				if obj := s.info.ObjectOf(root); obj != nil {
					moved[obj] = true
				}
			}
		}
		return true
	})
	// Variables that hold a new item each time around: set by the for
	// statement's post statement from something other than themselves
	// (for b := first(); b != nil; b = next()), received from a channel or
	// taken with a comma-ok (v, ok := <-ch, v, ok := next()), or computed
	// from the clock or a random number (a new candidate name each time).
	for v := range s.cursors() {
		moved[v] = true
	}
	for v := range s.received() {
		moved[v] = true
	}
	for v := range s.fresh() {
		moved[v] = true
	}
	for call := range attempts {
		if movesThrough(call) || refers(call, moved) || s.freshArg(call) || s.neverRepeats(call) {
			return true
		}
	}
	return false
}

// countsAttempts reports a variable named for counting attempts (attempt,
// attemptCount, retries, tries, numTries): passing it to the attempt
// (for its logs or its own wait) repeats the same attempt, where port++
// before listen(port) moves on to another one.
func countsAttempts(e ast.Expr) bool {
	id := rootIdent(e)
	if id == nil {
		return false
	}
	for _, w := range words(id.Name) {
		switch w {
		case "attempt", "attempts", "retry", "retries", "retried", "try", "tries":
			return true
		}
	}
	return false
}

// words splits an identifier at underscores and case changes, in lower
// case: attemptCount is attempt, count; numTries is num, tries.
func words(name string) []string {
	var out []string
	start := 0
	for i, r := range name {
		if r == '_' || i > 0 && unicode.IsUpper(r) && !unicode.IsUpper(rune(name[i-1])) {
			if i > start {
				out = append(out, strings.ToLower(strings.Trim(name[start:i], "_")))
			}
			start = i
		}
	}
	out = append(out, strings.ToLower(strings.Trim(name[start:], "_")))
	return out
}

// fallback reports l = rhs where l is a variable declared before the loop
// and rhs a constant: the attempts after it use another fixed setting.
func (s *loopScan) fallback(l, rhs ast.Expr) bool {
	id, ok := astutil.Unparen(l).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := s.info.ObjectOf(id).(*types.Var)
	if !ok || v.Pos() >= s.loop.Pos() {
		return false
	}
	tv, ok := s.info.Types[rhs]
	return ok && tv.Value != nil
}

// cursors returns the variables the for statement's post statement sets
// to a value not computed from themselves: a cursor moved to the next item.
// Counters (i++, d *= 2, i = i + 1) and attempts made in the post
// statement (conn, err = dial()) are not cursors.
func (s *loopScan) cursors() map[types.Object]bool {
	m := map[types.Object]bool{}
	f, ok := s.loop.(*ast.ForStmt)
	if !ok {
		return m
	}
	as, ok := f.Post.(*ast.AssignStmt)
	if !ok || (as.Tok != token.ASSIGN && as.Tok != token.DEFINE) || len(as.Rhs) != 1 {
		return m
	}
	rhs := astutil.Unparen(as.Rhs[0])
	if call, ok := rhs.(*ast.CallExpr); ok && ReturnsError(s.info, call) {
		return m
	}
	for _, l := range as.Lhs {
		id, ok := astutil.Unparen(l).(*ast.Ident)
		if !ok {
			continue
		}
		obj := s.info.ObjectOf(id)
		if obj == nil || isError(obj.Type()) || RefersTo(s.info, rhs, obj) {
			continue
		}
		m[obj] = true
	}
	return m
}

// received returns the variables set in the body from a channel receive or
// by a comma-ok form (v, ok := <-ch; v, ok := m[k]; v, ok := next()): the
// loop consumes items, and an attempt on such a value handles the item.
func (s *loopScan) received() map[types.Object]bool {
	m := map[types.Object]bool{}
	ast.Inspect(s.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return true
		}
		item := false
		switch rhs := astutil.Unparen(as.Rhs[0]).(type) {
		case *ast.UnaryExpr:
			item = rhs.Op == token.ARROW
		case *ast.CallExpr:
			item = len(as.Lhs) >= 2 && commaOK(s.info, rhs)
		}
		if !item {
			return true
		}
		for _, l := range as.Lhs {
			if id, ok := astutil.Unparen(l).(*ast.Ident); ok && id.Name != "_" {
				if obj := s.info.ObjectOf(id); obj != nil && obj.Type() != nil {
					if b, ok := obj.Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
						continue
					}
					m[obj] = true
				}
			}
		}
		return true
	})
	return m
}

// commaOK reports a call whose results include a bool and no error: an
// item and whether there was one.
func commaOK(info *types.Info, call *ast.CallExpr) bool {
	tuple, ok := info.TypeOf(call).(*types.Tuple)
	if !ok {
		return false
	}
	hasBool := false
	for v := range tuple.Variables() {
		if isError(v.Type()) {
			return false
		}
		if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
			hasBool = true
		}
	}
	return hasBool
}

// fresh returns the variables set in the body from the clock or a random
// number: a loop that builds each attempt from one tries a new candidate
// (a unique name, a new port) rather than repeating the same operation.
// Identifiers meant to make repeats recognisable (uuid.New) are not
// counted: a new one per attempt is the defect retryidempotent reports.
func (s *loopScan) fresh() map[types.Object]bool {
	m := map[types.Object]bool{}
	ast.Inspect(s.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			if !s.fromClockOrRand(as.Rhs[i]) {
				continue
			}
			if id, ok := astutil.Unparen(l).(*ast.Ident); ok {
				if obj := s.info.ObjectOf(id); obj != nil {
					m[obj] = true
				}
			}
		}
		return true
	})
	return m
}

// freshArg reports an attempt given, directly, a value from the clock or a
// random number.
func (s *loopScan) freshArg(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if s.fromClockOrRand(a) {
			return true
		}
	}
	return false
}

// fromClockOrRand reports a string or integer computed from the clock or a
// random number: a candidate name, id or port. Deadlines, durations and
// contexts are not candidates: a per-attempt deadline is still a retry.
func (s *loopScan) fromClockOrRand(e ast.Expr) bool {
	t := s.info.TypeOf(e)
	if t == nil {
		return false
	}
	if named, ok := types.Unalias(t).(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "time" {
		return false
	}
	if b, ok := t.Underlying().(*types.Basic); !ok || b.Info()&(types.IsString|types.IsInteger) == 0 {
		return false
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			pkg, name, _ := knowledge.Callee(s.info, call)
			if pkg == "time" && name == "Now" || pkg == "math/rand" || pkg == "math/rand/v2" {
				found = true
			}
		}
		return !found
	})
	return found
}

// neverRepeats reports an attempt that the loop refuses to repeat with the
// same input: it remembers the input of the failed attempt and leaves when
// the next input is the same (if idx == lastFailed { return lastErr }), so
// going around only ever tries a new item.
func (s *loopScan) neverRepeats(call *ast.CallExpr) bool {
	args := map[types.Object]bool{}
	for _, a := range call.Args {
		if id, ok := astutil.Unparen(a).(*ast.Ident); ok {
			if obj := s.info.ObjectOf(id); obj != nil {
				args[obj] = true
			}
		}
	}
	if len(args) == 0 {
		return false
	}
	// remembered[y] = x for assignments y = x of an argument x.
	remembered := map[types.Object]types.Object{}
	ast.Inspect(s.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			lid, ok1 := astutil.Unparen(l).(*ast.Ident)
			rid, ok2 := astutil.Unparen(as.Rhs[i]).(*ast.Ident)
			if ok1 && ok2 && args[s.info.ObjectOf(rid)] {
				if obj := s.info.ObjectOf(lid); obj != nil {
					remembered[obj] = s.info.ObjectOf(rid)
				}
			}
		}
		return true
	})
	if len(remembered) == 0 {
		return false
	}
	found := false
	ast.Inspect(s.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		ifs, ok := n.(*ast.IfStmt)
		if !ok || found {
			return !found
		}
		b, ok := astutil.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if !ok || b.Op != token.EQL {
			return true
		}
		x, ok1 := astutil.Unparen(b.X).(*ast.Ident)
		y, ok2 := astutil.Unparen(b.Y).(*ast.Ident)
		if !ok1 || !ok2 {
			return true
		}
		ox, oy := s.info.ObjectOf(x), s.info.ObjectOf(y)
		if remembered[ox] == oy && oy != nil || remembered[oy] == ox && ox != nil {
			if o, _ := s.seq(ifs.Body.List); o == exit || o == abort {
				found = true
			}
		}
		return !found
	})
	return found
}

// RefersTo reports whether e uses obj anywhere, closures included.
func RefersTo(info *types.Info, e ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.ObjectOf(id) == obj {
			found = true
		}
		return !found
	})
	return found
}

func isString(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// rootIdent returns the variable at the root of x, x.f, x[i], *x.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := astutil.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

func rangesOverInt(info *types.Info, x ast.Expr) bool {
	if info == nil {
		return false
	}
	t := info.TypeOf(x)
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func newLoopScan(info *types.Info, loop ast.Stmt, body *ast.BlockStmt, label string, isGoto bool) *loopScan {
	s := &loopScan{
		info:        info,
		loop:        loop,
		body:        body,
		label:       label,
		isGoto:      isGoto,
		parent:      map[ast.Node]ast.Node{body: loop},
		innerLabels: map[string]ast.Stmt{},
		errCalls:    map[types.Object][]*ast.CallExpr{},
		stateVars:   map[types.Object]bool{},
	}
	s.index()
	return s
}

// index fills parent, innerLabels, errCalls and stateVars.
func (s *loopScan) index() {
	var stack []ast.Node
	stack = append(stack, s.loop)
	ast.Inspect(s.body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if _, ok := n.(*ast.FuncLit); ok {
			// A closure's statements do not steer this loop.
			s.parent[n] = stack[len(stack)-1]
			return false
		}
		if n != s.body {
			s.parent[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.LabeledStmt:
			s.innerLabels[n.Label.Name] = n.Stmt
		case *ast.AssignStmt:
			s.noteAssign(n.Lhs, n.Rhs)
		case *ast.BinaryExpr:
			s.noteDirect(n)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			s.noteAssign(lhs, n.Values)
		}
		return true
	})
	if f, ok := s.loop.(*ast.ForStmt); ok {
		if a, ok := f.Post.(*ast.AssignStmt); ok {
			s.noteAssign(a.Lhs, a.Rhs)
		}
	}
	for _, st := range s.body.List {
		if sw, ok := st.(*ast.SwitchStmt); ok && sw.Tag != nil {
			if id, ok := astutil.Unparen(sw.Tag).(*ast.Ident); ok {
				if obj := s.info.ObjectOf(id); obj != nil {
					s.stateVars[obj] = true
				}
			}
		}
	}
}

func (s *loopScan) noteAssign(lhs, rhs []ast.Expr) {
	s.noteStatus(lhs, rhs)
	if len(rhs) != 1 || len(lhs) == 0 {
		return
	}
	call, ok := astutil.Unparen(rhs[0]).(*ast.CallExpr)
	if !ok || !ReturnsError(s.info, call) || wrapsError(s.info, call) || accepts(s.info, call) {
		return
	}
	id, ok := astutil.Unparen(lhs[len(lhs)-1]).(*ast.Ident)
	if !ok || id.Name == "_" {
		return
	}
	if obj := s.info.ObjectOf(id); obj != nil {
		s.errCalls[obj] = append(s.errCalls[obj], call)
	}
}

// noteDirect records a fallible call compared with nil without being
// assigned (send() == nil, nil != send()), standing for its error with a
// variable of its own.
func (s *loopScan) noteDirect(e *ast.BinaryExpr) {
	if e.Op != token.EQL && e.Op != token.NEQ {
		return
	}
	x, y := astutil.Unparen(e.X), astutil.Unparen(e.Y)
	if isNil(s.info, x) {
		x, y = y, x
	}
	call, ok := x.(*ast.CallExpr)
	if !ok || !isNil(s.info, y) || !isError(s.info.TypeOf(call)) || wrapsError(s.info, call) || accepts(s.info, call) {
		return
	}
	if s.direct == nil {
		s.direct = map[*ast.CallExpr]types.Object{}
	}
	v := types.NewVar(call.Pos(), nil, "", s.info.TypeOf(call))
	s.direct[call] = v
	s.errCalls[v] = []*ast.CallExpr{call}
}

// checks calls found for every error variable whose checks make the loop a
// retry.
func (s *loopScan) checks(found func(types.Object, ast.Stmt)) {
	// for ...; err != nil; ... {}
	if f, ok := s.loop.(*ast.ForStmt); ok && f.Cond != nil {
		if v := s.errTest(f.Cond, token.NEQ, token.LAND); v != nil {
			if o, _ := s.seqFailing(v, s.body, s.body.List); o != exit && o != abort {
				found(v, nil)
			}
		}
	}
	ast.Inspect(s.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SwitchStmt:
			if n.Tag == nil {
				s.switchChecks(n, found)
			}
		case *ast.IfStmt:
			if v := s.errTest(n.Cond, token.NEQ, 0); v != nil {
				// if err != nil { failure } else { success }
				fail := s.followFailing(v, n.Body, func() outcome { return s.follow(n.Body.List, n) })
				s.stateChanged = false
				if fail == around && s.leaves(s.followElse(n)) {
					found(v, n)
				}
			} else if v := s.errTest(n.Cond, token.EQL, 0); v != nil {
				// if err == nil { success } else { failure }
				s.stateChanged = false
				succeeds := s.leaves(s.follow(n.Body.List, n))
				if succeeds && s.followFailing(v, s.failureAfter(n), func() outcome { return s.followElse(n) }) == around {
					found(v, n)
				}
			} else {
				s.statusChecks(n, found)
			}
		}
		return true
	})
}

// reconnects calls found for every error variable whose check makes the
// loop a reconnect loop (see Retry.Reconnect): if err != nil { wait;
// continue } where the success path goes around as well, without leaving.
// Only the failure path waits, with the time package (time.Sleep,
// time.After, a timer or ticker made there), so a poller that waits on
// every path is not one, nor is a worker that logs a failure and goes on.
func (s *loopScan) reconnects(found func(types.Object, ast.Stmt)) {
	ast.Inspect(s.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			v := s.errTest(n.Cond, token.NEQ, 0)
			if v == nil || !s.timeWait(n.Body) {
				return true
			}
			fail := s.followFailing(v, n.Body, func() outcome { return s.follow(n.Body.List, n) })
			s.stateChanged = false
			succ := s.followElse(n)
			changed := s.stateChanged
			s.stateChanged = false
			if fail == around && succ == around && !changed && !s.waitsOutside(n.Body) {
				found(v, n)
			}
		}
		return true
	})
}

// waitsOutside reports whether the loop body waits with the time package
// anywhere outside block, the failure branch: on the success path a wait
// is a poller's pace.
func (s *loopScan) waitsOutside(block *ast.BlockStmt) bool {
	found := false
	ast.Inspect(s.body, func(n ast.Node) bool {
		if n == block || found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok && s.timeWait(call) {
			found = true
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	return found
}

// timeWait reports whether n, outside function literals, calls the time
// package's Sleep, After, Tick, NewTimer or NewTicker.
func (s *loopScan) timeWait(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if pkg, name, fn := knowledge.Callee(s.info, n); pkg == "time" && fn != nil && fn.Signature().Recv() == nil {
				switch name {
				case "Sleep", "After", "Tick", "NewTimer", "NewTicker":
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// reaching returns the attempts whose error the check at stmt tests: the
// call assigned to v by the if or switch statement's init, or by the last
// statement before it in the same block that assigns v, when that is
// plain to see; otherwise every fallible call assigned to v in the loop.
func (s *loopScan) reaching(v types.Object, stmt ast.Stmt) []*ast.CallExpr {
	all := s.callsOf(v)
	if stmt == nil {
		return all
	}
	var init ast.Stmt
	switch st := stmt.(type) {
	case *ast.IfStmt:
		init = st.Init
	case *ast.SwitchStmt:
		init = st.Init
	}
	if init != nil {
		if calls, ok := s.assigns(v, init); ok {
			return calls
		}
	}
	var list []ast.Stmt
	switch p := s.parent[stmt].(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	}
	i := len(list) - 1
	for i >= 0 && list[i] != stmt {
		i--
	}
	for i--; i >= 0; i-- {
		if calls, ok := s.assigns(v, list[i]); ok {
			return calls
		}
		if s.mayAssign(v, list[i]) {
			return all
		}
	}
	return all
}

// assigns reports whether st is an assignment or declaration that sets v,
// and returns the attempt it makes: the call on its right-hand side when
// that is a fallible operation, none otherwise (v = nil, v = wrap(err)).
func (s *loopScan) assigns(v types.Object, st ast.Stmt) ([]*ast.CallExpr, bool) {
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch st := st.(type) {
	case *ast.AssignStmt:
		lhs, rhs = st.Lhs, st.Rhs
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || len(gd.Specs) != 1 {
			return nil, false
		}
		vs, ok := gd.Specs[0].(*ast.ValueSpec)
		if !ok {
			return nil, false
		}
		for _, id := range vs.Names {
			lhs = append(lhs, id)
		}
		rhs = vs.Values
	default:
		return nil, false
	}
	sets := false
	for _, l := range lhs {
		if id, ok := astutil.Unparen(l).(*ast.Ident); ok && s.info.ObjectOf(id) == v {
			sets = true
		}
	}
	if !sets {
		return nil, false
	}
	for _, c := range s.callsOf(v) {
		for _, r := range rhs {
			if astutil.Unparen(r) == c {
				return []*ast.CallExpr{c}, true
			}
		}
	}
	return nil, true
}

// callsOf returns the attempts assigned to v, an error variable or a
// response whose status is tested.
func (s *loopScan) callsOf(v types.Object) []*ast.CallExpr {
	if calls := s.errCalls[v]; calls != nil {
		return calls
	}
	return s.statusCalls[v]
}

// mayAssign reports a statement that sets v somewhere inside it.
func (s *loopScan) mayAssign(v types.Object, st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if id, ok := astutil.Unparen(l).(*ast.Ident); ok && s.info.ObjectOf(id) == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// switchChecks handles a tagless switch whose cases test the error:
// switch { case err == nil: return; case temporary(err): continue }.
func (s *loopScan) switchChecks(sw *ast.SwitchStmt, found func(types.Object, ast.Stmt)) {
	var dflt *ast.CaseClause
	for _, st := range sw.Body.List {
		if cc, ok := st.(*ast.CaseClause); ok && cc.List == nil {
			dflt = cc
		}
	}
	otherwise := func() outcome {
		if dflt != nil {
			return s.follow(dflt.Body, sw)
		}
		return s.after(sw)
	}
	for _, st := range sw.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, e := range cc.List {
			if v := s.errTest(e, token.EQL, 0); v != nil {
				s.stateChanged = false
				if s.leaves(s.follow(cc.Body, sw)) && s.followFailing(v, dfltNode(dflt), otherwise) == around {
					found(v, sw)
				}
			} else if v := s.errTest(e, token.NEQ, 0); v != nil {
				fail := s.followFailing(v, cc, func() outcome { return s.follow(cc.Body, sw) })
				s.stateChanged = false
				if fail == around && s.leaves(otherwise()) {
					found(v, sw)
				}
			}
		}
	}
}

// leaves reports whether a success path leaves the loop, or moves a state
// machine on.
func (s *loopScan) leaves(o outcome) bool {
	changed := s.stateChanged
	s.stateChanged = false
	return o == exit || o == around && changed && s.hasExit()
}

// hasExit reports whether the loop can be left at all, so that a state
// machine that never ends (a worker) is not taken for a retry.
func (s *loopScan) hasExit() bool {
	if f, ok := s.loop.(*ast.ForStmt); ok && f.Cond != nil {
		return true
	}
	found := false
	ast.Inspect(s.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		case *ast.BranchStmt:
			if o, _ := s.branch(n); o == exit {
				found = true
			}
		case *ast.ExprStmt:
			if s.noReturn(n.X) {
				found = true
			}
		}
		return !found
	})
	return found
}

// follow runs stmts, then what follows stmt if they fall through.
func (s *loopScan) follow(stmts []ast.Stmt, after ast.Stmt) outcome {
	o, target := s.seq(stmts)
	if o != next {
		return o
	}
	if target == nil {
		target = after
	}
	return s.after(target)
}

func (s *loopScan) followElse(n *ast.IfStmt) outcome {
	switch e := n.Else.(type) {
	case *ast.BlockStmt:
		return s.follow(e.List, n)
	case *ast.IfStmt:
		// else if: neither a sure exit nor a sure way around; follow it as
		// a statement on its own.
		return s.follow([]ast.Stmt{e}, n)
	}
	return s.after(n)
}

// after returns what happens once stmt has completed normally.
func (s *loopScan) after(stmt ast.Node) outcome {
	for {
		if stmt == s.body {
			return around
		}
		parent, ok := s.parent[stmt]
		if !ok || parent == s.loop {
			return around
		}
		var rest []ast.Stmt
		switch p := parent.(type) {
		case *ast.BlockStmt:
			rest = restAfter(p.List, stmt)
		case *ast.CaseClause:
			rest = restAfter(p.Body, stmt)
		case *ast.CommClause:
			rest = restAfter(p.Body, stmt)
		}
		if rest != nil {
			o, target := s.seq(rest)
			if o != next {
				return o
			}
			if target != nil {
				stmt = target
				continue
			}
		}
		// Blocks of if, switch and select complete into their statement;
		// the body of an inner loop completes when that loop ends.
		switch parent.(type) {
		case *ast.CaseClause, *ast.CommClause:
			// clause -> switch body block -> switch statement
			if blk, ok := s.parent[parent]; ok {
				stmt = s.parent[blk]
				if stmt == nil {
					return around
				}
				continue
			}
			return around
		}
		stmt = parent
	}
}

func restAfter(list []ast.Stmt, stmt ast.Node) []ast.Stmt {
	for i, st := range list {
		if st == stmt {
			return list[i+1:]
		}
	}
	return nil
}

// seq follows a statement list. It returns next when the list falls through;
// target is then non-nil when it fell through by jumping to the end of an
// inner statement (break or continue of an inner loop, switch or select), and
// the path resumes after target.
func (s *loopScan) seq(list []ast.Stmt) (outcome, ast.Stmt) {
	for _, st := range list {
		switch st := st.(type) {
		case *ast.ReturnStmt:
			if len(st.Results) > 0 && s.madeError(st.Results[len(st.Results)-1]) {
				return abort, nil
			}
			return exit, nil
		case *ast.BranchStmt:
			return s.branch(st)
		case *ast.ExprStmt:
			if s.noReturn(st.X) {
				return abort, nil
			}
		case *ast.BlockStmt:
			if o, t := s.seq(st.List); o != next || t != nil {
				return o, t
			}
		case *ast.LabeledStmt:
			if o, t := s.seq([]ast.Stmt{st.Stmt}); o != next || t != nil {
				return o, t
			}
		case *ast.IfStmt:
			switch s.known(st.Cond) {
			case 1:
				if o, t := s.seq(st.Body.List); o != next || t != nil {
					return o, t
				}
				continue
			case -1:
				if st.Else != nil {
					if o, t := s.seq([]ast.Stmt{st.Else}); o != next || t != nil {
						return o, t
					}
				}
				continue
			}
			if st.Else == nil {
				// On the failure path, a branch that goes around is a retry
				// that a condition allows (if retryable(err) { continue },
				// then give up), whatever follows it.
				if s.handlingFailure(st) {
					if o, t := s.seq(st.Body.List); o == around && t == nil {
						return around, nil
					}
				}
				continue
			}
			o1, t1 := s.seq(st.Body.List)
			o2, t2 := s.seq([]ast.Stmt{st.Else})
			if o1 == o2 && o1 != next && t1 == nil && t2 == nil {
				return o1, nil
			}
		case *ast.SelectStmt:
			if o := s.selectOutcome(st); o != next {
				return o, nil
			}
		case *ast.AssignStmt:
			for _, l := range st.Lhs {
				if id, ok := astutil.Unparen(l).(*ast.Ident); ok {
					if obj := s.info.ObjectOf(id); obj != nil && s.stateVars[obj] {
						s.stateChanged = true
					}
					if obj := s.info.ObjectOf(id); obj != nil && obj == s.failing {
						s.failing = nil
					}
				}
			}
		}
	}
	return next, nil
}

// selectOutcome returns where a select sends the path: the outcome all its
// clauses share, or, on the failure path, around when a clause goes around
// (select { case <-quit: return; case <-time.After(d): continue }: the
// wait, then the next attempt, unless the loop is stopped meanwhile), as an
// if on the failure path that goes around is a retry; next otherwise.
func (s *loopScan) selectOutcome(sel *ast.SelectStmt) outcome {
	shared, first := next, true
	goesAround := false
	for _, st := range sel.Body.List {
		cc, ok := st.(*ast.CommClause)
		if !ok {
			continue
		}
		o, t := s.seq(cc.Body)
		if t != nil {
			o = next
		}
		if o == around {
			goesAround = true
		}
		if first {
			shared, first = o, false
		} else if o != shared {
			shared = next
		}
	}
	if shared != next {
		return shared
	}
	if goesAround && s.handlingFailure(sel) {
		return around
	}
	return next
}

// followFailing runs follow, a walk of the failure path of the attempts
// assigned to v, knowing that v is not nil on it. scope is the statement
// that handles the failure (the if's body, the case clause), or nil.
func (s *loopScan) followFailing(v types.Object, scope ast.Node, follow func() outcome) outcome {
	saved, savedScope := s.failing, s.failScope
	s.failing, s.failScope = v, scope
	defer func() { s.failing, s.failScope = saved, savedScope }()
	return follow()
}

func (s *loopScan) seqFailing(v types.Object, scope ast.Node, list []ast.Stmt) (outcome, ast.Stmt) {
	var o outcome
	var t ast.Stmt
	s.followFailing(v, scope, func() outcome { o, t = s.seq(list); return o })
	return o, t
}

// failureAfter returns the statements that handle the failure of an
// if err == nil { success } test: its else, or, with no else, the rest of
// the block that holds it (if err == nil { return nil }; if
// retryable(err) { wait; continue }; return err), as a node spanning
// them. A go-around that a classification of the error allows there is a
// retry, as it is inside if err != nil { ... }.
func (s *loopScan) failureAfter(n *ast.IfStmt) ast.Node {
	if n.Else != nil {
		return n.Else
	}
	blk, ok := s.parent[n].(*ast.BlockStmt)
	if !ok || !blk.Rbrace.IsValid() {
		return nil
	}
	return &ast.BlockStmt{Lbrace: n.End(), Rbrace: blk.Rbrace}
}

// handlingFailure reports whether st is inside the statement that handles
// the failure being followed, where a retry decided by a condition (if
// retryable(err) { continue }) belongs to that failure; after it, the
// failure has been dealt with.
func (s *loopScan) handlingFailure(st ast.Stmt) bool {
	return s.failing != nil && s.failScope != nil &&
		s.failScope.Pos() <= st.Pos() && st.End() <= s.failScope.End()
}

func dfltNode(cc *ast.CaseClause) ast.Node {
	if cc == nil {
		return nil
	}
	return cc
}

// known says whether cond is surely true (1) or surely false (-1) on the
// path being followed, from what it says about the failing error: on a
// failure path, if x || err != nil { return } surely returns. 0: unknown.
func (s *loopScan) known(cond ast.Expr) int {
	if s.failing == nil {
		return 0
	}
	if v := s.errTest(cond, token.NEQ, token.LOR); v == s.failing {
		return 1
	}
	if v := s.errTest(cond, token.EQL, token.LAND); v == s.failing {
		return -1
	}
	return 0
}

func (s *loopScan) branch(b *ast.BranchStmt) (outcome, ast.Stmt) {
	switch b.Tok {
	case token.GOTO:
		if s.isGoto && b.Label != nil && b.Label.Name == s.label {
			return around, nil
		}
		return exit, nil
	case token.FALLTHROUGH:
		return next, nil
	}
	if b.Label != nil {
		if b.Label.Name == s.label {
			if b.Tok == token.CONTINUE {
				return around, nil
			}
			return exit, nil
		}
		if inner, ok := s.innerLabels[b.Label.Name]; ok {
			// Ends (break) or restarts (continue) an inner statement; either
			// way the path eventually resumes after it.
			return next, inner
		}
		// A label outside the loop: break or continue leave it.
		return exit, nil
	}
	// Unlabelled: the innermost enclosing breakable statement.
	for n := s.parent[b]; n != nil && n != s.loop; n = s.parent[n] {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return next, n.(ast.Stmt)
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if b.Tok == token.BREAK {
				return next, n.(ast.Stmt)
			}
		}
	}
	if b.Tok == token.CONTINUE && !s.isGoto {
		return around, nil
	}
	return exit, nil
}

// madeError reports an error made on the spot: errors.New, fmt.Errorf.
func (s *loopScan) madeError(e ast.Expr) bool {
	call, ok := astutil.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	pkg, name, _ := knowledge.Callee(s.info, call)
	return pkg == "errors" && name == "New" || pkg == "fmt" && name == "Errorf"
}

// noReturn reports calls that never return: panic, os.Exit, log.Fatal*,
// runtime.Goexit and t.Fatal-like methods.
func (s *loopScan) noReturn(x ast.Expr) bool {
	call, ok := astutil.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
		if _, isBuiltin := s.info.Uses[id].(*types.Builtin); isBuiltin {
			return true
		}
	}
	pkg, name, _ := knowledge.Callee(s.info, call)
	switch {
	case pkg == "os" && name == "Exit", pkg == "runtime" && name == "Goexit":
		return true
	case pkg == "log" && (name == "Fatal" || name == "Fatalf" || name == "Fatalln" || name == "Panic" || name == "Panicf" || name == "Panicln"):
		return true
	case pkg == "testing" && (name == "Fatal" || name == "Fatalf" || name == "FailNow" || name == "Skip" || name == "Skipf" || name == "SkipNow"):
		return true
	case pkg == "github.com/stretchr/testify/require" && (name == "Fail" || name == "Failf" || name == "FailNow" || name == "FailNowf"):
		// testify's require fails unconditionally here, and stops the
		// test with t.FailNow.
		return true
	}
	return false
}

// errTest returns the error variable that cond compares with nil using op
// (token.NEQ: err != nil, token.EQL: err == nil), either alone or as an
// operand of a chain of && and || (only && when chain is token.LAND), or nil.
//
// A call compared with nil on the spot (send() == nil) counts only as the
// whole condition: joined with other conditions (a nil check of the
// function, a lifetime test, as a pool checks each idle connection it may
// hand out) it is a predicate on one of several things, not the outcome of
// an attempt.
func (s *loopScan) errTest(cond ast.Expr, op, chain token.Token) types.Object {
	return s.errTestIn(cond, op, chain, false)
}

func (s *loopScan) errTestIn(cond ast.Expr, op, chain token.Token, joined bool) types.Object {
	switch e := astutil.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR:
			if chain != 0 && e.Op != chain {
				return nil
			}
			if v := s.errTestIn(e.X, op, chain, true); v != nil {
				return v
			}
			return s.errTestIn(e.Y, op, chain, true)
		case op:
			x, y := astutil.Unparen(e.X), astutil.Unparen(e.Y)
			if isNil(s.info, x) {
				x, y = y, x
			}
			if !isNil(s.info, y) {
				return nil
			}
			if call, ok := x.(*ast.CallExpr); ok {
				if v := s.direct[call]; v != nil && !joined {
					return v
				}
				return nil
			}
			id, ok := x.(*ast.Ident)
			if !ok {
				return nil
			}
			obj := s.info.ObjectOf(id)
			if obj == nil || s.errCalls[obj] == nil {
				return nil
			}
			return obj
		}
	}
	return nil
}

// IsNil reports the identifier nil.
func IsNil(info *types.Info, e ast.Expr) bool { return isNil(info, e) }

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok || id.Name != "nil" {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// Exits returns a function reporting whether running a node of r's loop can
// leave the loop: a return, a break of the loop or of an outer statement, a
// continue of an outer loop, goto, panic, os.Exit or log.Fatal. Closures
// inside the node do not count. It returns nil when r is not a loop.
func Exits(info *types.Info, r *Retry) func(ast.Node) bool {
	if r == nil || r.Kind != Loop || r.Body == nil || info == nil {
		return nil
	}
	s := newLoopScan(info, r.Loop, r.Body, r.Label, r.Goto)
	return func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				if _, ok := s.parent[n]; ok {
					if o, _ := s.branch(n); o == exit {
						found = true
					}
				}
			case *ast.ExprStmt:
				if s.noReturn(n.X) {
					found = true
				}
			}
			return !found
		})
		return found
	}
}
