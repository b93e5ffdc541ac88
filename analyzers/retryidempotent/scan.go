package retryidempotent

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/nines-dev/nines/internal/analysis/idempotency"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// A scan is what one region of code (a function body or a retry body) does
// that matters to idempotency, before facts about callees are applied. It is
// computed once per region; facts are applied by ops, which may run several
// times while the facts of the package settle.
type scan struct {
	region *ast.BlockStmt
	// creations are the non-idempotent HTTP requests created in the region.
	creations []*creation
	// requests holds what the region does to each request variable.
	requests map[*types.Var]*requestUse
	// headers holds the idempotency keys set on http.Header variables.
	headers map[*types.Var]*keyState
	// sqlOps are the unsafe SQL statements executed in the region.
	sqlOps []*op
	// calls are the calls to declared functions and methods, the candidates
	// for helpers that carry a fact.
	calls []calleeCall
	// used holds the request variables that appear in the arguments of a
	// call of the region other than the header setters: sent, or handed to
	// something that may send them. A request that is only built in a
	// retry (a loop around http.NewRequest) is not sent by it.
	used map[*types.Var]bool
	// methodVars are the requests created with a method held in a
	// variable, candidates for request helpers whose callers pass "POST".
	methodVars []methodCreation
	// assigned maps a right-hand side to the variable it is assigned to.
	assigned map[ast.Expr]*types.Var
	// txBegun holds the transactions begun in the region (tx, err :=
	// db.Begin()).
	txBegun map[*types.Var]bool
	// sqlVars holds the variables passed as the SQL of a database call.
	sqlVars map[*types.Var]bool
	// returns holds the expressions the region returns (outside function
	// literals): a request created in a return statement is built for the
	// caller, who sets its headers.
	returns map[ast.Node]bool
	// fresh maps variables assigned in the region from a fresh value (a new
	// UUID, a random number, the time) to the call that produced it.
	fresh map[*types.Var]string
}

// creation is an HTTP request with an unsafe method made in the region.
type creation struct {
	node   ast.Node // the call or composite literal that creates it
	method string
	what   string     // http.NewRequest, http.Post, ...
	v      *types.Var // the variable it is assigned to, if any
	// keyless is set for calls such as http.Post that send at once, with
	// no chance to add a header.
	keyless bool
	// immediate is set when the creating call also sends the request
	// (resty's Post): v is then the request builder, whose headers count.
	immediate bool
	// literalKey is the key state of a composite literal's Header field.
	literalKey keyState
}

// methodCreation is a request created with a method held in a variable.
type methodCreation struct {
	call   *ast.CallExpr
	method *types.Var
	v      *types.Var // the request variable, if any
}

// keyState records whether an idempotency key is set, and whether its value
// is generated afresh inside the region.
type keyState struct {
	set   bool
	fresh string // the generator call, e.g. uuid.NewString
	// unknown is set when a header with a computed name, or a whole header
	// map from elsewhere, is installed: the key may be among them.
	unknown bool
	// only lists the keys set inside a branch (an if, a switch or select
	// case) of the region, each with the outermost conditional statement
	// around it: a creation outside that statement is sent without a key
	// on the paths through it that set none.
	only []branchSet
}

// branchSet is a key set inside a conditional statement.
type branchSet struct {
	top ast.Node // the outermost if, switch or select of the region around it
	set ast.Node // the call or assignment that sets the key
}

func (k *keyState) merge(o keyState) {
	k.set = k.set || o.set
	k.unknown = k.unknown || o.unknown
	k.only = append(k.only, o.only...)
	if k.fresh == "" {
		k.fresh = o.fresh
	}
}

// requestUse is what the region does with one *http.Request variable.
type requestUse struct {
	key     keyState
	headers []*types.Var // http.Header variables installed as its Header
	// aliasOf lists the requests this one was derived from by WithContext
	// or Clone; it carries their headers.
	aliasOf  []*types.Var
	passed   []argUse // calls it is passed to, for setsKey facts
	returned bool
	sends    []*ast.CallExpr // Client.Do and RoundTrip calls that send it
}

type argUse struct {
	callee *types.Func
	index  int
	call   *ast.CallExpr
}

type calleeCall struct {
	call   *ast.CallExpr
	callee *types.Func
	// holder is set when the call reaches callee through an interface or
	// a function value held in this variable or field.
	holder *types.Var
}

// scanner walks one region.
type scanner struct {
	a    *analyzer
	info *types.Info
	s    *scan
	// assigned maps a right-hand side to the variable it is assigned to.
	assigned map[ast.Expr]*types.Var
	// funcDepth counts the function literals around the current node, so
	// that returns in them are not taken as returns of the region.
	funcDepth int
	// stack holds the current node and its ancestors within the region.
	stack []ast.Node
}

func (a *analyzer) scanRegion(region *ast.BlockStmt) *scan {
	if s, ok := a.scans[region]; ok {
		return s
	}
	s := &scan{
		region:   region,
		requests: make(map[*types.Var]*requestUse),
		headers:  make(map[*types.Var]*keyState),
		fresh:    make(map[*types.Var]string),
		returns:  make(map[ast.Node]bool),
		used:     make(map[*types.Var]bool),
		sqlVars:  make(map[*types.Var]bool),
		txBegun:  make(map[*types.Var]bool),
	}
	a.scans[region] = s
	if region == nil || a.pass.TypesInfo == nil {
		return s
	}
	s.assigned = make(map[ast.Expr]*types.Var)
	sc := &scanner{a: a, info: a.pass.TypesInfo, s: s, assigned: s.assigned}
	ast.Inspect(region, func(n ast.Node) bool {
		if n == nil {
			if _, ok := sc.stack[len(sc.stack)-1].(*ast.FuncLit); ok {
				sc.funcDepth--
			}
			sc.stack = sc.stack[:len(sc.stack)-1]
			return true
		}
		sc.stack = append(sc.stack, n)
		sc.visit(n)
		return true
	})
	return s
}

func (sc *scanner) request(v *types.Var) *requestUse {
	r := sc.s.requests[v]
	if r == nil {
		r = &requestUse{}
		sc.s.requests[v] = r
	}
	return r
}

func (sc *scanner) header(v *types.Var) *keyState {
	h := sc.s.headers[v]
	if h == nil {
		h = &keyState{}
		sc.s.headers[v] = h
	}
	return h
}

// isRequestType reports *http.Request and *retryablehttp.Request, which
// embeds it.
func isRequestType(t types.Type) bool {
	return isNamed(t, knowledge.NetHTTP, "Request") || isNamed(t, knowledge.RetryableHTTP, knowledge.RetryableHTTPRequestType)
}
func isHeaderType(t types.Type) bool { return isNamed(t, knowledge.NetHTTP, "Header") }

func (sc *scanner) typeOf(e ast.Expr) types.Type {
	if tv, ok := sc.info.Types[e]; ok {
		return tv.Type
	}
	return nil
}

func (sc *scanner) visit(n ast.Node) {
	switch n := n.(type) {
	case *ast.FuncLit:
		sc.funcDepth++
	case *ast.AssignStmt:
		sc.assign(n.Lhs, n.Rhs)
	case *ast.ValueSpec:
		lhs := make([]ast.Expr, len(n.Names))
		for i, id := range n.Names {
			lhs[i] = id
		}
		sc.assign(lhs, n.Values)
	case *ast.ReturnStmt:
		if sc.funcDepth == 0 {
			for _, r := range n.Results {
				if v := rootVar(sc.info, r); v != nil && isRequestType(v.Type()) {
					sc.request(v).returned = true
				}
				sc.s.returns[ast.Unparen(r)] = true
			}
		}
	case *ast.CompositeLit:
		sc.compositeRequest(n)
	case *ast.CallExpr:
		sc.call(n)
	}
}

// assign records which variable each creation is stored in, keys set by
// index (req.Header["Idempotency-Key"] = ...), whole headers installed
// (req.Header = h), aliases made by WithContext and Clone, and variables
// holding fresh values.
func (sc *scanner) assign(lhs, rhs []ast.Expr) {
	pairs := len(lhs) == len(rhs)
	for i, l := range lhs {
		var r ast.Expr
		switch {
		case pairs:
			r = rhs[i]
		case len(rhs) == 1 && i == 0:
			r = rhs[0] // req, err := http.NewRequest(...)
		default:
			continue
		}
		r = ast.Unparen(r)
		if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND {
			r = ast.Unparen(u.X)
		}
		v := rootVar(sc.info, l)
		if _, ok := l.(*ast.Ident); ok && v != nil {
			sc.assigned[r] = v
			if call, ok := r.(*ast.CallExpr); ok {
				fn := calleeFunc(sc.info, call)
				if fn != nil && strings.HasPrefix(fn.Name(), "Begin") {
					sc.s.txBegun[v] = true
				}
				// r := client.R().SetHeader(...): the builder keeps the
				// headers of its chain.
				if fn != nil && knowledge.IsRestyRequest(fn) {
					sc.request(v).key.merge(sc.chainHeaders(call))
				}
			}
			// A header map made here starts with what its literal holds.
			if isHeaderType(v.Type()) {
				switch x := r.(type) {
				case *ast.CompositeLit:
					sc.header(v).merge(sc.headerLiteral(x))
				case *ast.CallExpr:
					if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "make" {
						sc.header(v)
					}
				}
			}
			if gen := sc.freshness(r); gen != "" {
				sc.s.fresh[v] = gen
			}
			// req2 := req.WithContext(ctx) keeps req's headers.
			if call, ok := r.(*ast.CallExpr); ok && isRequestType(v.Type()) {
				if fn := calleeFunc(sc.info, call); isMethod(fn, knowledge.NetHTTP, "Request", "WithContext", "Clone") {
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
						if src := rootVar(sc.info, sel.X); src != nil && src != v {
							sc.request(v).aliasOf = append(sc.request(v).aliasOf, src)
						}
					}
				}
			}
		}
		switch lx := ast.Unparen(l).(type) {
		case *ast.IndexExpr:
			// req.Header["Idempotency-Key"] = []string{key}; h[...] = ...
			if st := sc.headerTarget(lx.X); st != nil {
				st.merge(sc.keyFromName(lx.Index, r))
			}
		case *ast.SelectorExpr:
			// req.Header = http.Header{...} or = h
			if lx.Sel.Name == "Header" && isHeaderType(sc.typeOf(lx)) {
				if rv := rootVar(sc.info, lx.X); rv != nil && isRequestType(rv.Type()) {
					sc.installHeader(sc.request(rv), r)
				}
			}
		}
	}
}

// installHeader records req.Header = r.
func (sc *scanner) installHeader(req *requestUse, r ast.Expr) {
	switch x := r.(type) {
	case *ast.CompositeLit:
		req.key.merge(sc.headerLiteral(x))
	case *ast.Ident:
		if hv, ok := sc.info.ObjectOf(x).(*types.Var); ok {
			req.headers = append(req.headers, hv)
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "make" {
			return
		}
		req.key.unknown = true
	default:
		req.key.unknown = true
	}
}

// headerLiteral reads the keys of an http.Header{...} literal.
func (sc *scanner) headerLiteral(lit *ast.CompositeLit) keyState {
	var k keyState
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k.merge(sc.keyFromName(kv.Key, kv.Value))
	}
	return k
}

// headerTarget returns the key state that a write to the header map e
// updates: e is req.Header or an http.Header variable.
func (sc *scanner) headerTarget(e ast.Expr) *keyState {
	e = ast.Unparen(e)
	if !isHeaderType(sc.typeOf(e)) {
		return nil
	}
	if sel, ok := e.(*ast.SelectorExpr); ok && sel.Sel.Name == "Header" {
		if rv := rootVar(sc.info, sel.X); rv != nil && isRequestType(rv.Type()) {
			return &sc.request(rv).key
		}
	}
	if id, ok := e.(*ast.Ident); ok {
		if hv, ok := sc.info.ObjectOf(id).(*types.Var); ok {
			return sc.header(hv)
		}
	}
	return nil
}

// keyFromName judges one header write: is name an idempotency header, and
// is its value generated afresh?
func (sc *scanner) keyFromName(name, value ast.Expr) keyState {
	text, ok := sc.a.constString(name)
	if !ok {
		return keyState{unknown: true}
	}
	if !idempotency.IsKeyHeader(text) {
		return keyState{}
	}
	if top := sc.branch(); top != nil {
		return keyState{only: []branchSet{{top: top, set: sc.stack[len(sc.stack)-1]}}, fresh: sc.freshness(value)}
	}
	return keyState{set: true, fresh: sc.freshness(value)}
}

// branch returns the outermost if, switch or select of the region in a
// branch of which the current node is, or nil when it is in none (a
// function literal counts as a region of its own).
func (sc *scanner) branch() ast.Node {
	var top ast.Node
	for i := len(sc.stack) - 1; i > 0; i-- {
		switch p := sc.stack[i-1].(type) {
		case *ast.FuncLit:
			return top
		case *ast.IfStmt:
			if child := sc.stack[i]; child == p.Body || child == p.Else {
				top = p
			}
		case *ast.CaseClause, *ast.CommClause:
			if i >= 3 {
				top = sc.stack[i-3] // clause, the switch's body, the switch
			}
		}
	}
	return top
}

// covers reports whether every path through n runs one of sets: n is one
// of them or a statement holding one outside any branch, a block with
// such a statement, an if whose two branches are covered, or a switch or
// select with a default whose every clause is covered.
func covers(n ast.Node, sets []ast.Node) bool {
	switch n := n.(type) {
	case nil:
		return false
	case *ast.BlockStmt:
		return n != nil && slices.ContainsFunc(n.List, func(st ast.Stmt) bool { return covers(st, sets) })
	case *ast.IfStmt:
		return covers(n.Body, sets) && n.Else != nil && covers(n.Else, sets)
	case *ast.SwitchStmt:
		return clausesCover(n.Body, sets)
	case *ast.TypeSwitchStmt:
		return clausesCover(n.Body, sets)
	case *ast.SelectStmt:
		return clausesCover(n.Body, sets)
	case *ast.LabeledStmt:
		return covers(n.Stmt, sets)
	case *ast.ExprStmt, *ast.AssignStmt:
		for _, s := range sets {
			if n.Pos() <= s.Pos() && s.End() <= n.End() {
				return true
			}
		}
	}
	return false
}

func clausesCover(body *ast.BlockStmt, sets []ast.Node) bool {
	if body == nil {
		return false
	}
	hasDefault := false
	for _, c := range body.List {
		var stmts []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			hasDefault = hasDefault || c.List == nil
			stmts = c.Body
		case *ast.CommClause:
			hasDefault = hasDefault || c.Comm == nil
			stmts = c.Body
		}
		if !slices.ContainsFunc(stmts, func(st ast.Stmt) bool { return covers(st, sets) }) {
			return false
		}
	}
	return hasDefault
}

// freshness returns the generator call when e is computed from a value that
// changes on every evaluation, directly or through a variable assigned in
// the region.
func (sc *scanner) freshness(e ast.Expr) string {
	if e == nil {
		return ""
	}
	gen := ""
	ast.Inspect(e, func(n ast.Node) bool {
		if gen != "" {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if fn := calleeFunc(sc.info, x); freshKeySource(fn) {
				gen = funcName(fn, nil)
			}
		case *ast.Ident:
			if v, ok := sc.info.Uses[x].(*types.Var); ok {
				gen = sc.s.fresh[v]
			}
		}
		return true
	})
	return gen
}

// compositeRequest handles &http.Request{Method: "POST", Header: ...}.
func (sc *scanner) compositeRequest(lit *ast.CompositeLit) {
	if !isRequestType(sc.typeOf(lit)) {
		return
	}
	c := &creation{node: lit, what: "http.Request literal"}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		switch id.Name {
		case "Method":
			if tv, ok := sc.info.Types[kv.Value]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				c.method = constant.StringVal(tv.Value)
			}
		case "Header":
			if hl, ok := ast.Unparen(kv.Value).(*ast.CompositeLit); ok {
				c.literalKey = sc.headerLiteral(hl)
			} else {
				c.literalKey.unknown = true
			}
		}
	}
	if !idempotency.UnsafeMethod(c.method) {
		return
	}
	c.method = strings.ToUpper(c.method)
	c.v = sc.assigned[lit]
	sc.s.creations = append(sc.s.creations, c)
}

func (sc *scanner) call(call *ast.CallExpr) {
	sc.markUsed(call)
	// A call through an interface or a function value reaches what the
	// package stores into the field or variable it calls through.
	for _, d := range sc.a.stores.DynamicCallees(call) {
		sc.s.calls = append(sc.s.calls, calleeCall{call: call, callee: d.Func, holder: d.Holder})
	}
	fn := calleeFunc(sc.info, call)
	if fn == nil {
		return
	}
	switch {
	case isPkgFunc(fn, knowledge.NetHTTP, knowledge.HTTPNewRequest...),
		isPkgFunc(fn, knowledge.RetryableHTTP, knowledge.RetryableHTTPNewRequest...):
		i := 0
		if fn.Name() == knowledge.HTTPNewRequestWithContext {
			i = 1
		}
		if i >= len(call.Args) {
			return
		}
		method, ok := sc.a.constString(call.Args[i])
		if !ok {
			// The method may be a parameter of a request helper; the
			// helper's callers decide (see sendsMethod).
			if id, isIdent := ast.Unparen(call.Args[i]).(*ast.Ident); isIdent {
				if mv, isVar := sc.info.Uses[id].(*types.Var); isVar {
					sc.s.methodVars = append(sc.s.methodVars, methodCreation{call: call, method: mv, v: sc.assigned[call]})
				}
			}
			return
		}
		if !idempotency.UnsafeMethod(method) {
			return
		}
		if i+1 < len(call.Args) && idempotency.SafeEndpoint(sc.constantParts(call.Args[i+1])) {
			return
		}
		sc.s.creations = append(sc.s.creations, &creation{
			node: call, method: strings.ToUpper(method), what: funcName(fn, nil), v: sc.assigned[call],
		})
		return
	case isPkgFunc(fn, knowledge.NetHTTP, knowledge.HTTPPosts...), isMethod(fn, knowledge.NetHTTP, "Client", knowledge.HTTPPosts...),
		isMethod(fn, knowledge.RetryableHTTP, "Client", knowledge.RetryableHTTPPosts...):
		if len(call.Args) > 0 && idempotency.SafeEndpoint(sc.constantParts(call.Args[0])) {
			return
		}
		sc.s.creations = append(sc.s.creations, &creation{node: call, method: "POST", what: funcName(fn, nil), keyless: true})
		return
	case knowledge.IsRestyRequest(fn):
		sc.resty(call, fn)
		return
	case isMethod(fn, knowledge.NetHTTP, "Header", "Set", "Add"):
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && len(call.Args) == 2 {
			if st := sc.headerTarget(sel.X); st != nil {
				st.merge(sc.keyFromName(call.Args[0], call.Args[1]))
			}
		}
		return
	case isMethod(fn, knowledge.NetHTTP, "Client", "Do"), isMethod(fn, knowledge.RetryableHTTP, "Client", "Do"),
		fn.Name() == "RoundTrip" && fn.Pkg() != nil && fn.Pkg().Path() == knowledge.NetHTTP:
		if len(call.Args) == 1 {
			if v := rootVar(sc.info, call.Args[0]); v != nil && isRequestType(v.Type()) {
				sc.request(v).sends = append(sc.request(v).sends, call)
			}
		}
		return
	}
	if fn.Pkg() != nil && (fn.Pkg().Path() == knowledge.NetHTTP || fn.Pkg().Path() == knowledge.RetryableHTTP) {
		return
	}
	if op := sc.sqlOp(call, fn); op != nil {
		sc.s.sqlOps = append(sc.s.sqlOps, op)
	}
	for i, arg := range call.Args {
		if v := rootVar(sc.info, arg); v != nil && isRequestType(v.Type()) {
			if _, isIdent := ast.Unparen(arg).(*ast.Ident); isIdent {
				sc.request(v).passed = append(sc.request(v).passed, argUse{callee: fn, index: i, call: call})
			}
		}
	}
	sc.s.calls = append(sc.s.calls, calleeCall{call: call, callee: fn})
}

// constantParts returns the constant text in a URL expression: the
// constant itself, the constant operands of a concatenation, the format of
// a fmt.Sprintf, joined by spaces.
func (sc *scanner) constantParts(e ast.Expr) string { return sc.a.constantPartsOf(e) }

func (a *analyzer) constantPartsOf(e ast.Expr) string {
	info := a.pass.TypesInfo
	var parts []string
	ast.Inspect(e, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if tv, ok := info.Types[x]; ok && tv.Value != nil {
			if tv.Value.Kind() == constant.String {
				parts = append(parts, constant.StringVal(tv.Value))
			}
			return false
		}
		_, isFunc := n.(*ast.FuncLit)
		return !isFunc
	})
	return strings.Join(parts, " ")
}

// markUsed records the request variables in the arguments of call, and in
// its receiver when call is a method such as req.Write; header writes
// (req.Header.Set) do not count.
func (sc *scanner) markUsed(call *ast.CallExpr) {
	exprs := append([]ast.Expr(nil), call.Args...)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && !isHeaderType(sc.typeOf(sel.X)) {
		exprs = append(exprs, sel.X)
	}
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.Ident:
				if v, ok := sc.info.Uses[x].(*types.Var); ok && isRequestType(v.Type()) {
					sc.s.used[v] = true
				}
			}
			return true
		})
	}
}
