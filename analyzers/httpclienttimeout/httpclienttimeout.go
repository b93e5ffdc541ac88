package httpclienttimeout

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/nines-dev/nines/internal/analysis/fixes"
	"github.com/nines-dev/nines/internal/analysis/generated"
	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/pkgdeps"
	"github.com/nines-dev/nines/internal/analysis/rootcause"
	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/analysis/structlit"
	"github.com/nines-dev/nines/internal/analysis/values"
)

//go:embed doc.go
var doc []byte

// Analyzer is the httpclienttimeout analysis pass.
var Analyzer = &analysis.Analyzer{
	Name:     "httpclienttimeout",
	Doc:      ruledoc.MustExtract(doc, "httpclienttimeout"),
	URL:      ruledoc.URL("httpclienttimeout"),
	Requires: []*analysis.Analyzer{generated.Analyzer, inspect.Analyzer, structlit.StoresAnalyzer, values.Analyzer},
	// The checks read types defensively, so editors and drivers that analyse
	// code with type errors still get the findings that can be seen.
	RunDespiteErrors: true,
	Run:              run,
}

// fixTimeout is what the suggested fix sets (the timeout flag): by default
// long enough not to cut off a healthy slow call, short enough that a hung
// dependency frees the goroutine. The doc asks users to tune it to
// p99 + 20%.
var fixTimeout = 30 * time.Second

func init() {
	Analyzer.Flags.Var(fixes.Duration{D: &fixTimeout}, "timeout",
		"the Timeout the suggested fix inserts (p99 of the dependency plus 20% is the value to aim for)")
}

func run(pass *analysis.Pass) (any, error) {
	generated.SkipReports(pass)
	if !pkgdeps.Reaches(pass.Pkg, knowledge.NetHTTP) {
		return nil, nil
	}
	r := rootcause.New(pass)
	defer r.Flush()
	c := &checker{
		pass:   pass,
		r:      r,
		insp:   pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		stores: pass.ResultOf[structlit.StoresAnalyzer].(*structlit.Stores),
		vals:   pass.ResultOf[values.Analyzer].(*values.Values),
	}
	for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil), (*ast.CompositeLit)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			c.checkCall(n)
		case *ast.SelectorExpr:
			c.checkFuncValue(cur, n)
			c.checkDefaultValue(cur, n)
		case *ast.CompositeLit:
			c.checkClientLit(cur, n)
		}
	}
	return nil, nil
}

// defaultClientCause is the root cause of the sends through
// http.DefaultClient.
const defaultClientCause = "http.DefaultClient"

type checker struct {
	pass *analysis.Pass
	// r groups the sends through http.DefaultClient by function or type.
	r    *rootcause.Reporter
	insp *inspector.Inspector
	// stores knows every value stored in each variable of the package; it
	// is shared with dialtimeout and ctxdeadline and built on first use.
	stores *structlit.Stores
	// values follows clients, requests and contexts (shared with
	// ctxdeadline).
	vals *values.Values
	// streamWhy caches streams(); nil until first asked.
	streamWhy *string
	// called marks function variables that are called somewhere; built on
	// first use.
	called map[*types.Var]bool
}

// isCalled reports whether the variable v is called somewhere (get(u)), so
// that a sender stored in it is reported at those calls instead of where
// it is taken.
func (c *checker) isCalled(v *types.Var) bool {
	if c.called == nil {
		c.called = make(map[*types.Var]bool)
		for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil)) {
			if id, ok := ast.Unparen(cur.Node().(*ast.CallExpr).Fun).(*ast.Ident); ok {
				if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok {
					c.called[v] = true
				}
			}
		}
	}
	return c.called[v]
}

// values returns every expression ever stored in the variable v, or false
// when some of its values cannot be seen (a parameter, a multi-value
// assignment, its address taken, an exported package variable).
func (c *checker) values(v *types.Var) ([]ast.Expr, bool) {
	if v == nil || v.IsField() {
		return nil, false
	}
	vs := c.stores.Of(v)
	if vs == nil || vs.Opaque || len(vs.Values) == 0 {
		return nil, false
	}
	out := make([]ast.Expr, 0, len(vs.Values))
	for _, st := range vs.Values {
		if st.Rhs == nil || st.Result >= 0 {
			return nil, false
		}
		out = append(out, st.Rhs)
	}
	return out, true
}

// single returns the one expression ever stored in v, or nil.
func (c *checker) single(v *types.Var) ast.Expr {
	if vals, ok := c.values(v); ok && len(vals) == 1 {
		return vals[0]
	}
	return nil
}

// isDefaultClient reports whether e is http.DefaultClient, directly or
// through a variable that only ever holds it.
func (c *checker) isDefaultClient(e ast.Expr, depth int) bool {
	obj := objectOf(c.pass.TypesInfo, e)
	v, ok := obj.(*types.Var)
	if !ok {
		return false
	}
	if v.Pkg() != nil && v.Pkg().Path() == knowledge.NetHTTP && v.Name() == "DefaultClient" {
		// A program that sets http.DefaultClient.Timeout itself bounds it.
		return !c.vals.DefaultClientBounded()
	}
	vals, ok := c.values(v)
	if depth > 3 || !ok {
		return false
	}
	for i, rhs := range vals {
		if i > 0 && v.Kind() == types.LocalVar && c.isDefaultClient(vals[0], depth+1) && c.vals.NilGuarded(rhs) {
			// client := http.DefaultClient; if o.Client != nil { client =
			// o.Client }: the default, as shipped, decides.
			continue
		}
		if !c.isDefaultClient(rhs, depth+1) {
			return false
		}
	}
	return true
}

// sender returns the name of the net/http function or method that e
// refers to when calling it sends a request through http.DefaultClient
// ("http.Get", "http.DefaultClient.Do"), or "".
func (c *checker) sender(e ast.Expr) string {
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil {
			if s.Kind() != types.MethodVal {
				return ""
			}
			m, _ := s.Obj().(*types.Func)
			if isClientMethod(m) && knowledge.HTTPClientSends[m.Name()] && c.isDefaultClient(sel.X, 0) {
				return "http.DefaultClient." + m.Name()
			}
			return ""
		}
	}
	fn, _ := objectOf(info, e).(*types.Func)
	if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == knowledge.NetHTTP && knowledge.HTTPDefaultClientFuncs[fn.Name()] &&
		fn.Signature().Recv() == nil {
		return "http." + fn.Name()
	}
	return ""
}

// funcVar returns the name of the DefaultClient sender that the variable
// e only ever holds (get := http.Get), or "".
func (c *checker) funcVar(e ast.Expr) string {
	v, _ := objectOf(c.pass.TypesInfo, e).(*types.Var)
	if v == nil || !returnsResponse(v.Type()) {
		return "" // cheap filter before the store index is consulted
	}
	vals, ok := c.values(v)
	if !ok {
		return ""
	}
	name := ""
	for _, rhs := range vals {
		s := c.sender(rhs)
		if s == "" || (name != "" && s != name) {
			return ""
		}
		name = s
	}
	return name
}

func (c *checker) checkCall(call *ast.CallExpr) {
	name := c.sender(call.Fun)
	if name == "" {
		name = c.funcVar(call.Fun)
	}
	if name == "" {
		if !c.checkContextClient(call) {
			c.checkNewClient(call)
		}
		return
	}
	if strings.HasSuffix(name, ".Do") && len(call.Args) == 1 &&
		c.vals.RequestDeadline(call.Args[0], call.Pos()) == values.Yes {
		// The request's context has a deadline (made by WithTimeout or
		// WithDeadline here, or passed down by every caller): it bounds
		// the whole exchange, the body included.
		return
	}
	if c.toLoopback(call) {
		// The peer is a process on this machine (the program's own
		// server, a sidecar), as for the loopback dials dialtimeout
		// leaves alone.
		return
	}
	// Every send through http.DefaultClient in a function, or in the
	// methods of a type, is one cause: one finding, the others related.
	c.r.Report(defaultClientCause, analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Message: senderMessage(name)})
}

// toLoopback reports a send whose URL, or whose request's URL, is a
// loopback address in the code (harness.SendsToLoopback).
func (c *checker) toLoopback(call *ast.CallExpr) bool {
	cur, ok := c.insp.Root().FindNode(call)
	if !ok {
		return false
	}
	for encl := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return harness.SendsToLoopback(c.pass.TypesInfo, c.stores, encl.Node(), call)
	}
	return false
}

// checkContextClient reports a call of a library that sends through the
// *http.Client its context carries, and through http.DefaultClient when it
// carries none (knowledge.ContextClientCalls: golang.org/x/oauth2), given
// context.Background() or context.TODO(), directly or through a local
// variable that only ever holds one. A context from anywhere else may
// carry a client.
func (c *checker) checkContextClient(call *ast.CallExpr) bool {
	pkg, name, fn := knowledge.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		t := r.Type()
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			recv = n.Obj().Name()
		}
	}
	k, ok := knowledge.LookupContextClientCall(pkg, recv, name)
	if !ok || k.Ctx >= len(call.Args) {
		return false
	}
	bare, ok := c.bareContext(call.Args[k.Ctx], 0)
	if !ok {
		return false
	}
	what := name
	if recv != "" {
		what = recv + "." + name
	}
	c.pass.Report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Message: fmt.Sprintf(
		"%s.%s is given %s, which carries no oauth2.HTTPClient, so it sends through http.DefaultClient, which has no timeout; put an http.Client with Timeout in the context with context.WithValue(ctx, oauth2.HTTPClient, client)",
		fn.Pkg().Name(), what, bare)})
	return true
}

// bareContext returns "context.Background()" or "context.TODO()" when e is
// that call, or a local variable whose every store is one.
func (c *checker) bareContext(e ast.Expr, depth int) (string, bool) {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		pkg, name, _ := knowledge.Callee(c.pass.TypesInfo, call)
		if pkg == "context" && (name == "Background" || name == "TODO") {
			return "context." + name + "()", true
		}
		return "", false
	}
	v, ok := objectOf(c.pass.TypesInfo, e).(*types.Var)
	if !ok || v.Kind() != types.LocalVar || depth > 3 {
		return "", false
	}
	vals, ok := c.values(v)
	if !ok || len(vals) == 0 {
		return "", false
	}
	out := ""
	for _, rhs := range vals {
		s, ok := c.bareContext(rhs, depth+1)
		if !ok {
			return "", false
		}
		out = s
	}
	return out, true
}

// checkNewClient reports new(http.Client), the zero client, unless its
// Timeout is assigned later.
func (c *checker) checkNewClient(call *ast.CallExpr) {
	info := c.pass.TypesInfo
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 {
		return
	}
	if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "new" {
		return
	}
	if name, ok := embedsClient(info.TypeOf(call.Args[0])); ok {
		c.checkEmbedded(call, name)
		return
	}
	if !structlit.IsNamed(info.TypeOf(call.Args[0]), knowledge.NetHTTP, "Client") {
		return
	}
	if _, ok := info.TypeOf(call.Args[0]).(*types.Pointer); ok {
		return // new(*http.Client) is a nil pointer
	}
	if c.vals.ClientTimeout(call) != values.No {
		return
	}
	c.pass.Report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Message: clientMessage})
}

const clientMessage = "http.Client sets no Timeout, so its requests can wait forever; set Timeout to the dependency's p99 latency + 20%"

// checkDefaultValue reports http.DefaultClient handed on as a value:
// stored in a struct field or a package variable, put in a literal,
// passed to a function, returned, or copied (*http.DefaultClient). The
// requests sent through it elsewhere are not traced, so it is reported
// where it is handed on. A local variable that holds it is followed to
// its calls instead, and a store followed by an assignment of its Timeout
// is bounded.
func (c *checker) checkDefaultValue(cur inspector.Cursor, sel *ast.SelectorExpr) {
	info := c.pass.TypesInfo
	if !values.IsDefaultClient(info, sel) || c.vals.DefaultClientBounded() {
		return
	}
	at := cur
	parent := cur.Parent()
	for {
		if _, ok := parent.Node().(*ast.ParenExpr); !ok {
			break
		}
		at, parent = parent, parent.Parent()
	}
	how := ""
	switch p := parent.Node().(type) {
	case *ast.StarExpr:
		// c := *http.DefaultClient: a copy, bounded if its Timeout is set.
		if structlit.AssignedLater(info, c.pass.Files, parent, structlit.Destination(info, parent), "Timeout") {
			return
		}
		c.pass.Report(analysis.Diagnostic{Pos: p.Pos(), End: p.End(),
			Message: "a copy of http.DefaultClient has no Timeout, so its requests can wait forever; set Timeout on the copy"})
		return
	case *ast.AssignStmt:
		dest := structlit.Destination(info, at)
		if dest.Kind != structlit.Variable || dest.Var == nil {
			return
		}
		if len(dest.Fields) == 0 && dest.Var.Kind() == types.LocalVar {
			return // followed to its calls
		}
		if structlit.AssignedLater(info, c.pass.Files, at, dest, "Timeout") {
			return
		}
		lhs := p.Lhs[slicesIndex(p.Rhs, at.Node())]
		how = "stored in " + types.ExprString(lhs)
	case *ast.KeyValueExpr:
		if p.Value != at.Node() {
			return
		}
		how = "stored in " + types.ExprString(p.Key)
		if lit, ok := parent.Parent().Node().(*ast.CompositeLit); ok && lit.Type != nil {
			if requestTimeoutSet(info, lit) {
				// The options that receive the client also bound each
				// request (jwkset's HTTPTimeout, an SDK's RequestTimeout):
				// the library applies it around the client's sends.
				return
			}
			how = "stored in " + types.ExprString(lit.Type) + "." + types.ExprString(p.Key)
		}
	case *ast.CallExpr:
		if ast.Unparen(p.Fun) == at.Node() {
			return
		}
		fn, _ := objectOf(info, p.Fun).(*types.Func)
		if fn == nil {
			how = "passed to a function"
		} else {
			how = "passed to " + types.ExprString(ast.Unparen(p.Fun))
		}
	case *ast.ReturnStmt:
		how = "returned"
	default:
		return
	}
	c.pass.Report(analysis.Diagnostic{Pos: sel.Pos(), End: sel.End(),
		Message: "http.DefaultClient, which has no timeout, is " + how + ", so the requests sent through it can wait forever; use an http.Client with Timeout set"})
}

// requestTimeouts are the names an options struct of a library gives the
// bound it puts on each request it sends through the client the same
// struct receives.
var requestTimeouts = []string{"Timeout", "HTTPTimeout", "RequestTimeout", "ClientTimeout", "CallTimeout"}

// requestTimeoutSet reports whether a struct literal (of a type other than
// net/http's) sets, to something other than zero, a time.Duration field named as a
// request timeout (requestTimeouts). http.Client itself is not such a
// struct: a Timeout there is the client's own, judged by checkClientLit.
func requestTimeoutSet(info *types.Info, lit *ast.CompositeLit) bool {
	t := info.TypeOf(lit)
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() == knowledge.NetHTTP {
		return false
	}
	for _, name := range requestTimeouts {
		v := structlit.Field(info, lit, name)
		if v == nil || structlit.IsZero(info, v) {
			continue
		}
		if tv, ok := info.Types[v]; ok && structlit.IsNamed(tv.Type, "time", "Duration") {
			return true
		}
	}
	return false
}

func slicesIndex(list []ast.Expr, n ast.Node) int {
	for i, e := range list {
		if ast.Node(e) == n {
			return i
		}
	}
	return 0
}

// checkFuncValue reports a DefaultClient sender used as a value
// (fetch(http.Get), Fetcher{get: http.DefaultClient.Do}), unless it is
// stored in a variable whose calls are reported instead.
func (c *checker) checkFuncValue(cur inspector.Cursor, sel *ast.SelectorExpr) {
	name := c.sender(sel)
	if name == "" {
		return
	}
	// The callee of a call is reported by checkCall.
	parent := cur.Parent()
	for {
		if _, ok := parent.Node().(*ast.ParenExpr); !ok {
			break
		}
		parent = parent.Parent()
	}
	if call, ok := parent.Node().(*ast.CallExpr); ok && ast.Unparen(call.Fun) == ast.Expr(sel) {
		return
	}
	if v := c.storedIn(parent, sel); v != nil && c.isCalled(v) {
		return // the calls of v are reported
	}
	c.r.Report(defaultClientCause, analysis.Diagnostic{Pos: sel.Pos(), End: sel.End(), Message: senderMessage(name)})
}

// storedIn returns the variable that the assignment or declaration at
// parent stores e into, when that variable only ever holds DefaultClient
// senders, or nil.
func (c *checker) storedIn(parent inspector.Cursor, e ast.Expr) *types.Var {
	info := c.pass.TypesInfo
	switch p := parent.Node().(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) == len(p.Rhs) {
			for i, rhs := range p.Rhs {
				if ast.Unparen(rhs) == e {
					v, _ := objectOf(info, p.Lhs[i]).(*types.Var)
					return c.trackable(v)
				}
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) == len(p.Values) {
			for i, rhs := range p.Values {
				if ast.Unparen(rhs) == e {
					v, _ := info.Defs[p.Names[i]].(*types.Var)
					return c.trackable(v)
				}
			}
		}
	}
	return nil
}

func (c *checker) trackable(v *types.Var) *types.Var {
	vals, ok := c.values(v)
	if !ok {
		return nil
	}
	for _, rhs := range vals {
		if c.sender(rhs) == "" {
			return nil
		}
	}
	return v
}

func senderMessage(name string) string {
	if method, ok := strings.CutPrefix(name, "http.DefaultClient."); ok {
		return "(*http.Client)." + method + " on http.DefaultClient, which has no timeout, can wait forever; use an http.Client with Timeout set"
	}
	return name + " uses http.DefaultClient, which has no timeout, so the request can wait forever; use an http.Client with Timeout set"
}

// checkClientLit reports an http.Client literal that leaves its requests
// unbounded.
func (c *checker) checkClientLit(cur inspector.Cursor, lit *ast.CompositeLit) {
	info := c.pass.TypesInfo
	if name, ok := embedsClient(info.TypeOf(lit)); ok {
		if structlit.Field(info, lit, "Client") == nil {
			// The embedded client is the zero one; a Client: http.Client{...}
			// element is a literal of its own, checked as such.
			c.checkEmbedded(lit, name)
		}
		return
	}
	if !structlit.IsNamed(info.TypeOf(lit), knowledge.NetHTTP, "Client") {
		return
	}
	if structlit.Sets(info, lit, "Timeout") {
		c.checkUnsetTimeout(cur, lit)
		return
	}
	if t := structlit.Field(info, lit, "Transport"); c.boundedTransport(t) || c.localTransport(t) || c.inProcessTransport(t) {
		return
	}
	dest := structlit.Destination(info, cur)
	if structlit.AssignedLater(info, c.pass.Files, cur, dest, "Timeout") {
		return
	}
	if c.sendsBounded(dest) {
		return
	}
	d := analysis.Diagnostic{Pos: lit.Pos(), End: lit.End(), Message: clientMessage}
	if why := c.streams(); why != "" {
		// A Client.Timeout covers reading the body too, so it would cut a
		// stream off: no fix, and the message says what to bound instead.
		d.Message = "http.Client sets no Timeout, so its requests can wait forever; this package " + why +
			", which a Client.Timeout would cut off: bound connecting and the response headers instead " +
			"(a net.Dialer Timeout and the Transport's ResponseHeaderTimeout)"
	} else if fix, ok := c.timeoutFix(cur, lit); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
}

// sendsBounded reports whether every request sent through the variable or
// unexported field a client literal is stored in (directly, or as a field
// of a struct that is stored or returned) carries a context with a
// deadline: the holder is used only as c.Do(req) with such a request
// (values.RequestDeadline) and c.CloseIdleConnections(), at least once,
// and is reachable from no other package (a local variable, or an
// unexported variable or field). The deadline then bounds each exchange,
// the body included, as a Client.Timeout would. Anything else done with
// the holder (Get, Post, passing it on, taking its address) may send
// without one, and the literal is reported.
func (c *checker) sendsBounded(dest structlit.Dest) bool {
	var holder *types.Var
	switch {
	case len(dest.Fields) > 0 && (dest.Kind == structlit.Variable || dest.Kind == structlit.Returned):
		holder = dest.Fields[len(dest.Fields)-1] // s.client, or return &s{client: ...}
	case dest.Kind == structlit.Variable && dest.Var != nil:
		holder = dest.Var
	default:
		return false
	}
	if holder.Exported() || holder.Pkg() != c.pass.Pkg {
		return false
	}
	info := c.pass.TypesInfo
	sends := 0
	for id, obj := range info.Uses {
		if obj != holder {
			continue
		}
		cur, ok := c.insp.Root().FindNode(id)
		if !ok {
			return false
		}
		use := cur
		if sel, ok := cur.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == id {
			use = cur.Parent() // x.client
		} else if kv, ok := cur.Parent().Node().(*ast.KeyValueExpr); ok && kv.Key == id {
			continue // a store into the field: its value is judged where it is made
		}
		if as, ok := use.Parent().Node().(*ast.AssignStmt); ok && slices.Contains(as.Lhs, use.Node().(ast.Expr)) {
			continue // a store: as above
		}
		method, ok := use.Parent().Node().(*ast.SelectorExpr)
		if !ok || method.X != use.Node() {
			return false
		}
		call, ok := use.Parent().Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != method {
			return false
		}
		switch method.Sel.Name {
		case "CloseIdleConnections":
		case "Do":
			if len(call.Args) != 1 || c.vals.RequestDeadline(call.Args[0], call.Pos()) != values.Yes {
				return false
			}
			sends++
		default:
			return false
		}
	}
	return sends > 0
}

// checkUnsetTimeout reports a literal whose Timeout is read from a field
// that nothing in the package sets (structlit.Stores.UnsetField): an
// options field that is zero, no timeout, unless every caller fills it.
func (c *checker) checkUnsetTimeout(cur inspector.Cursor, lit *ast.CompositeLit) {
	info := c.pass.TypesInfo
	v := structlit.Field(info, lit, "Timeout")
	f, unset := c.stores.UnsetField(v)
	if !unset {
		return
	}
	if t := structlit.Field(info, lit, "Transport"); c.boundedTransport(t) || c.localTransport(t) || c.inProcessTransport(t) {
		return
	}
	c.pass.Report(analysis.Diagnostic{Pos: v.Pos(), End: v.End(), Message: fmt.Sprintf(
		"http.Client's Timeout is %s, which nothing in this package sets, so it is 0 (no timeout) unless every caller sets it; give %s a default",
		types.ExprString(v), f.Name())})
}

// embedsClient reports a named struct type (or a pointer to one) that
// embeds http.Client by value, and its name: a wrapper whose requests go
// through the embedded client.
func embedsClient(t types.Type) (string, bool) {
	n, f := embeddedClient(t)
	if f == nil {
		return "", false
	}
	return n.Obj().Name(), true
}

func embeddedClient(t types.Type) (*types.Named, *types.Var) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil, nil
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil, nil
	}
	for f := range st.Fields() {
		if f.Embedded() && structlit.IsNamed(f.Type(), knowledge.NetHTTP, "Client") {
			if _, ptr := types.Unalias(f.Type()).(*types.Pointer); !ptr {
				return n, f
			}
		}
	}
	return nil, nil
}

// checkEmbedded reports n, a literal or new() of a type that embeds an
// http.Client, unless the Timeout of what it is stored in is assigned
// later (w.Timeout = d or w.Client.Timeout = d).
func (c *checker) checkEmbedded(n ast.Expr, name string) {
	cur, ok := c.insp.Root().FindNode(n)
	if !ok {
		return
	}
	info := c.pass.TypesInfo
	dest := structlit.Destination(info, cur)
	_, emb := embeddedClient(info.TypeOf(n))
	through := dest // w.Timeout, promoted: the path goes through the embedded field
	through.Fields = append(append([]*types.Var(nil), dest.Fields...), emb)
	if structlit.AssignedLater(info, c.pass.Files, cur, dest, "Timeout") || structlit.AssignedLater(info, c.pass.Files, cur, through, "Timeout") {
		return
	}
	c.pass.Report(analysis.Diagnostic{Pos: n.Pos(), End: n.End(), Message: name +
		" embeds an http.Client that sets no Timeout, so its requests can wait forever; set Timeout to the dependency's p99 latency + 20%"})
}

func (c *checker) timeoutFix(cur inspector.Cursor, lit *ast.CompositeLit) (analysis.SuggestedFix, bool) {
	file := enclosingFile(cur)
	if file == nil || structlit.Field(c.pass.TypesInfo, lit, "Timeout") != nil {
		// An explicit Timeout: 0 is a choice to keep, not a gap to fill.
		return analysis.SuggestedFix{}, false
	}
	name, edits, ok := fixes.Import(c.pass.Fset, c.pass.Pkg, c.pass.TypesInfo, file, lit.Rbrace, "time", "time")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	value := fixes.DurationExpr(fixTimeout, name, false)
	edit, ok := fixes.InsertField(c.pass.Fset, lit, "Timeout", value)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "Set Timeout: " + value,
		TextEdits: append([]analysis.TextEdit{edit}, edits...),
	}, true
}

// boundedTransport reports whether e, the Transport of a client, is an
// http.Transport literal (inline or held by a variable assigned once) that
// bounds both connecting (a net.Dialer with Timeout or Deadline behind
// DialContext or Dial) and waiting for the response headers
// (ResponseHeaderTimeout), which bounds every wait except reading a body.
func (c *checker) boundedTransport(e ast.Expr) bool {
	info := c.pass.TypesInfo
	if clone := c.defaultTransportClone(e); clone != nil {
		// http.DefaultTransport dials with a 30s timeout; the clone is
		// bounded once its ResponseHeaderTimeout is set.
		return c.setLater(clone, "ResponseHeaderTimeout")
	}
	lit := c.literalOf(e, "Transport")
	if lit == nil {
		return false
	}
	if !structlit.Sets(info, lit, "ResponseHeaderTimeout") && !c.setLater(lit, "ResponseHeaderTimeout") {
		return false
	}
	for _, field := range []string{"DialContext", "Dial"} {
		if c.boundedDial(structlit.Field(info, lit, field)) {
			return true
		}
	}
	return false
}

// localTransport reports whether e, the Transport of a client, is an
// http.Transport literal (inline or held by a variable assigned once) whose
// DialContext or Dial is a function literal that connects only to Unix
// domain sockets (knowledge.LocalNetwork, named by a constant): its
// requests go to a process on this machine, not over the network.
func (c *checker) localTransport(e ast.Expr) bool {
	lit := c.literalOf(e, "Transport")
	if lit == nil {
		return false
	}
	info := c.pass.TypesInfo
	for _, field := range []string{"DialContext", "Dial"} {
		if fl, ok := ast.Unparen(structlit.Field(info, lit, field)).(*ast.FuncLit); ok && c.dialsOnlyLocal(fl) {
			return true
		}
	}
	return false
}

// dialsOnlyLocal reports whether every call in fl that returns a net.Conn
// is a dial of the net package (net.Dial, net.DialTimeout, a net.Dialer's
// Dial or DialContext) on a constant local network, and there is one.
func (c *checker) dialsOnlyLocal(fl *ast.FuncLit) bool {
	info := c.pass.TypesInfo
	dials, local := 0, true
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !local {
			return local
		}
		sig, ok := info.TypeOf(call.Fun).(*types.Signature)
		if !ok || sig.Results().Len() == 0 || !structlit.IsNamed(sig.Results().At(0).Type(), knowledge.Net, "Conn") {
			return true
		}
		dials++
		network := -1
		if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == knowledge.Net {
			switch fn.Name() {
			case "Dial", "DialTimeout":
				network = 0
			case "DialContext":
				network = 1
			}
		}
		if network < 0 || network >= len(call.Args) {
			local = false
			return false
		}
		tv, ok := info.Types[call.Args[network]]
		local = ok && tv.Value != nil && tv.Value.Kind() == constant.String && knowledge.LocalNetwork(constant.StringVal(tv.Value))
		return local
	})
	return dials > 0 && local
}

// defaultTransportClone returns the call that the variable e is assigned
// exactly once when that call is http.DefaultTransport.(*http.Transport).Clone(),
// or nil.
func (c *checker) defaultTransportClone(e ast.Expr) *ast.CallExpr {
	info := c.pass.TypesInfo
	v, _ := objectOf(info, e).(*types.Var)
	if call, _ := ast.Unparen(c.single(v)).(*ast.CallExpr); call != nil {
		if c.cloneOfDefault(call, nil) {
			return call
		}
		return nil
	}
	// t, ok := http.DefaultTransport.(*http.Transport); t = t.Clone(): every
	// value of t is the default transport or its clone.
	vs := c.stores.Of(v)
	if v == nil || v.Kind() != types.LocalVar || vs == nil || vs.Opaque {
		return nil
	}
	var clone *ast.CallExpr
	for _, st := range vs.Values {
		switch rhs := ast.Unparen(st.Rhs).(type) {
		case *ast.TypeAssertExpr:
			if st.Result > 0 || !isDefaultTransport(info, rhs.X) {
				return nil
			}
		case *ast.CallExpr:
			if st.Result >= 0 || !c.cloneOfDefault(rhs, v) {
				return nil
			}
			clone = rhs
		default:
			return nil
		}
	}
	return clone
}

// cloneOfDefault reports a call of (*http.Transport).Clone on
// http.DefaultTransport.(*http.Transport), or on self (a variable whose
// values the caller checks).
func (c *checker) cloneOfDefault(call *ast.CallExpr, self *types.Var) bool {
	info := c.pass.TypesInfo
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Clone" {
		return false
	}
	m, _ := info.Uses[sel.Sel].(*types.Func)
	if m == nil || m.Signature().Recv() == nil || !structlit.IsNamed(m.Signature().Recv().Type(), knowledge.NetHTTP, "Transport") {
		return false
	}
	if self != nil && objectOf(info, sel.X) == self {
		return true
	}
	assert, ok := ast.Unparen(sel.X).(*ast.TypeAssertExpr)
	return ok && isDefaultTransport(info, assert.X)
}

// isDefaultTransport reports http.DefaultTransport.
func isDefaultTransport(info *types.Info, e ast.Expr) bool {
	dt, _ := objectOf(info, e).(*types.Var)
	return dt != nil && dt.Pkg() != nil && dt.Pkg().Path() == knowledge.NetHTTP && dt.Name() == "DefaultTransport"
}

// boundedDial reports whether e is the DialContext or Dial method value of
// a net.Dialer literal that sets Timeout or Deadline.
func (c *checker) boundedDial(e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := c.pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return false
	}
	lit := c.literalOf(sel.X, "Dialer")
	if lit == nil || !structlit.IsNamed(c.pass.TypesInfo.TypeOf(lit), knowledge.Net, "Dialer") {
		return false
	}
	info := c.pass.TypesInfo
	return structlit.Sets(info, lit, "Timeout") || structlit.Sets(info, lit, "Deadline") ||
		c.setLater(lit, "Timeout") || c.setLater(lit, "Deadline")
}

// literalOf returns the composite literal of the named net or net/http
// type that e is (&T{...}, T{...}) or that the variable e is assigned
// exactly once.
func (c *checker) literalOf(e ast.Expr, typeName string) *ast.CompositeLit {
	info := c.pass.TypesInfo
	for range 4 {
		if e == nil {
			return nil
		}
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		if lit, ok := e.(*ast.CompositeLit); ok {
			t := info.TypeOf(lit)
			if structlit.IsNamed(t, knowledge.NetHTTP, typeName) || structlit.IsNamed(t, knowledge.Net, typeName) {
				return lit
			}
			return nil
		}
		v, _ := objectOf(info, e).(*types.Var)
		e = c.single(v)
	}
	return nil
}

// setLater reports whether the field of the variable holding the value of
// e (a literal or a call) is assigned after e (t.ResponseHeaderTimeout = ...).
func (c *checker) setLater(e ast.Expr, field string) bool {
	cur, ok := c.insp.Root().FindNode(e)
	if !ok {
		return false
	}
	info := c.pass.TypesInfo
	return structlit.AssignedLater(info, c.pass.Files, cur, structlit.Destination(info, cur), field)
}

// returnsResponse reports whether t is a function type returning
// (*http.Response, error), the shape of every DefaultClient sender.
func returnsResponse(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Results().Len() != 2 {
		return false
	}
	return structlit.IsNamed(sig.Results().At(0).Type(), knowledge.NetHTTP, "Response")
}

func isClientMethod(m *types.Func) bool {
	if m == nil {
		return false
	}
	recv := m.Signature().Recv()
	return recv != nil && structlit.IsNamed(recv.Type(), knowledge.NetHTTP, "Client")
}

// objectOf returns the object an identifier or a (qualified or field)
// selector refers to, or nil.
func objectOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		return info.Uses[e.Sel]
	}
	return nil
}

func enclosingFile(cur inspector.Cursor) *ast.File {
	for f := range cur.Enclosing((*ast.File)(nil)) {
		return f.Node().(*ast.File)
	}
	return nil
}

// inProcessTransport reports whether e, the Transport of a client, has a
// named type of this package whose RoundTrip answers in this process: it
// serves the request with an http.Handler's ServeHTTP or builds the
// http.Response itself, and every call it makes is ServeHTTP or a function
// of a package that cannot send a request (inProcessPackages). A mock or
// in-process fake transport has nothing to time out; one that hands the
// request to another RoundTripper, a client or anything else is not one.
func (c *checker) inProcessTransport(e ast.Expr) bool {
	if e == nil {
		return false
	}
	info := c.pass.TypesInfo
	t := info.TypeOf(e)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() != c.pass.Pkg {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(named, true, c.pass.Pkg, "RoundTrip")
	m, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	decl := c.funcDecl(m)
	if decl == nil || decl.Body == nil {
		return false
	}
	answers, ok := false, true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			ok = false // run who knows when, with who knows what
		case *ast.CompositeLit:
			if structlit.IsNamed(info.TypeOf(n), knowledge.NetHTTP, "Response") {
				answers = true
			}
		case *ast.CallExpr:
			if tv, found := info.Types[n.Fun]; found && tv.IsType() {
				return true // a conversion
			}
			callee := typeutil.Callee(info, n)
			fn, named := callee.(*types.Func)
			switch {
			case !named:
				if _, builtin := callee.(*types.Builtin); !builtin {
					ok = false
				}
			case fn.Name() == "ServeHTTP":
				answers = true
			case fn.Pkg() == nil || !inProcessPackages[fn.Pkg().Path()]:
				ok = false
			case fn.Name() == "RoundTrip", sendsRequest(fn):
				ok = false
			}
		}
		return ok
	})
	return ok && answers
}

// inProcessPackages are the packages whose functions an in-process
// RoundTrip may call: none of them sends a request, save net/http's
// clients and transports (sendsRequest).
var inProcessPackages = map[string]bool{
	knowledge.NetHTTP: true, "net/http/httptest": true, "bytes": true, "strings": true,
	"io": true, "errors": true, "fmt": true, "strconv": true, "sync": true,
	"encoding/json": true, "net/url": true,
}

// sendsRequest reports whether fn is net/http's Get, Head, Post or
// PostForm, or a method of its Client or Transport.
func sendsRequest(fn *types.Func) bool {
	if fn.Pkg() == nil || fn.Pkg().Path() != knowledge.NetHTTP {
		return false
	}
	if recv := fn.Signature().Recv(); recv != nil {
		return structlit.IsNamed(recv.Type(), knowledge.NetHTTP, "Client") || structlit.IsNamed(recv.Type(), knowledge.NetHTTP, "Transport")
	}
	switch fn.Name() {
	case "Get", "Head", "Post", "PostForm":
		return true
	}
	return false
}

// funcDecl returns the declaration of fn among the package's files, or nil.
func (c *checker) funcDecl(fn *types.Func) *ast.FuncDecl {
	for _, f := range c.pass.Files {
		if f.FileStart > fn.Pos() || fn.Pos() > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Pos() == fn.Pos() {
				return fd
			}
		}
	}
	return nil
}
