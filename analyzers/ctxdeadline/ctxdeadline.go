package ctxdeadline

import (
	"cmp"
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"maps"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/nines-dev/nines/internal/analysis/generated"
	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/analysis/structlit"
	"github.com/nines-dev/nines/internal/analysis/values"
)

//go:embed doc.go
var doc []byte

// Analyzer is the ctxdeadline analysis pass.
var Analyzer = &analysis.Analyzer{
	Name:     "ctxdeadline",
	Doc:      ruledoc.MustExtract(doc, "ctxdeadline"),
	URL:      ruledoc.URL("ctxdeadline"),
	Requires: []*analysis.Analyzer{generated.Analyzer, inspect.Analyzer, structlit.StoresAnalyzer, values.Analyzer},
	Run:      run,
}

// site is a call resolved to the function it calls.
type site struct {
	cur  inspector.Cursor
	call *ast.CallExpr
	rc   structlit.Call
	// encl is the function declared by the outermost function declaration
	// around the call, nil at package level.
	encl *types.Func
}

type checker struct {
	pass   *analysis.Pass
	stores *structlit.Stores
	vals   *values.Values
	// wrappers maps a function of this package to the parameters (by
	// index) whose context it passes on, without adding a deadline, to a
	// call bounded only by that context; the value describes that call.
	wrappers map[*types.Func]map[int]string
	// localSQL is set when the package's database/sql calls go to a
	// local SQLite file.
	localSQL bool
}

func run(pass *analysis.Pass) (any, error) {
	generated.SkipReports(pass)
	if !importsRelevant(pass.Pkg) {
		return nil, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{
		pass:     pass,
		stores:   pass.ResultOf[structlit.StoresAnalyzer].(*structlit.Stores),
		vals:     pass.ResultOf[values.Analyzer].(*values.Values),
		wrappers: make(map[*types.Func]map[int]string),
	}

	var sites []site
	for file := range insp.Root().Preorder((*ast.File)(nil)) {
		for decl := range file.Children() {
			var encl *types.Func
			if fd, ok := decl.Node().(*ast.FuncDecl); ok {
				encl, _ = pass.TypesInfo.Defs[fd.Name].(*types.Func)
			}
			for cur := range decl.Preorder((*ast.CallExpr)(nil)) {
				call := cur.Node().(*ast.CallExpr)
				switch fn := typeutil.Callee(pass.TypesInfo, call).(type) {
				case *types.Var:
					if !mayHoldSink(fn) {
						continue // a callback: following it would index the package for nothing
					}
				case *types.Func:
					if !mayBeSink(fn) {
						continue // most calls: no need to resolve them through the store index
					}
				}
				rc, ok := c.stores.ResolveCall(call)
				if !ok {
					continue
				}
				sites = append(sites, site{cur: cur, call: call, rc: rc, encl: encl})
			}
		}
	}

	c.localSQL = localSQLite(pass)
	c.findWrappers(sites)
	for c.interfaceWrappers() {
		c.findWrappers(sites)
	}

	for _, s := range sites {
		if c.reportContextless(s) {
			continue
		}
		c.reportContextArg(s)
	}
	return nil, nil
}

// localSQLite reports whether the package's database/sql calls go to a
// local SQLite file (knowledge/sqlite.go), which waits on the disk, not on
// a network peer: the package imports a SQLite driver, or every sql.Open
// in it names one by a constant, and no sql.Open in it names another
// driver by a constant. The decision is per package: the drivers a
// program registers elsewhere (in its main package) are not visible here,
// so a package that imports none is checked as before.
func localSQLite(pass *analysis.Pass) bool {
	imported := false
	for _, imp := range pass.Pkg.Imports() {
		if knowledge.SQLiteDriverImports[imp.Path()] {
			imported = true
		}
	}
	// A blank import has no types.Package entry in Imports; read the files.
	for _, f := range pass.Files {
		for _, spec := range f.Imports {
			if path, err := strconv.Unquote(spec.Path.Value); err == nil && knowledge.SQLiteDriverImports[path] {
				imported = true
			}
		}
	}
	local, other := 0, 0
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if pkg, name, _ := knowledge.Callee(pass.TypesInfo, call); pkg != knowledge.DatabaseSQL || name != knowledge.SQLOpen {
				return true
			}
			tv := pass.TypesInfo.Types[call.Args[0]]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				return true
			}
			if knowledge.SQLiteDriverNames[constant.StringVal(tv.Value)] {
				local++
			} else {
				other++
			}
			return true
		})
	}
	return other == 0 && (imported || local > 0)
}

// importsRelevant reports whether pkg, or a package it imports, imports
// one of the APIs ctxdeadline checks. One level of indirection covers gRPC
// stubs, which live in a generated package that imports grpc, and types
// such as *sql.DB reached through another package's struct.
func importsRelevant(pkg *types.Package) bool {
	relevant := func(p *types.Package) bool {
		path := p.Path()
		return path == knowledge.DatabaseSQL || path == knowledge.NetHTTP || path == knowledge.Net ||
			path == knowledge.CryptoTLS || knowledge.IsGRPC(path)
	}
	for _, imp := range pkg.Imports() {
		if relevant(imp) {
			return true
		}
		for _, imp2 := range imp.Imports() {
			if relevant(imp2) {
				return true
			}
		}
	}
	return false
}

// mayHoldSink reports whether a function variable has the signature of a
// call ctxdeadline checks: a context first, or a database/sql result
// (q := db.Query). Only those are worth following to what they hold.
// mayBeSink reports whether a statically called function can be one this
// analyzer reports or follows: a database/sql method, or a function whose
// first parameter is a context (the ...Context methods, dialers, gRPC stubs
// and this package's wrappers all are).
func mayBeSink(fn *types.Func) bool {
	sig := fn.Signature()
	if sig.Params().Len() > 0 && isContext(sig.Params().At(0).Type()) {
		return true
	}
	return sig.Recv() != nil && fn.Pkg() != nil && fn.Pkg().Path() == knowledge.DatabaseSQL
}

func mayHoldSink(v *types.Var) bool {
	sig, ok := v.Type().Underlying().(*types.Signature)
	if !ok {
		return false
	}
	if sig.Params().Len() > 0 && isContext(sig.Params().At(0).Type()) {
		return true
	}
	for i := range sig.Results().Len() {
		t := types.Unalias(sig.Results().At(i).Type())
		if p, ok := t.(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
		if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == knowledge.DatabaseSQL {
			return true
		}
	}
	return false
}

// sqlReceiver returns the name of the database/sql type fn is a method
// of, or "".
func sqlReceiver(fn *types.Func) string {
	if fn.Pkg() == nil || fn.Pkg().Path() != knowledge.DatabaseSQL {
		return ""
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return ""
	}
	for name := range knowledge.SQLConnTypes {
		if structlit.IsNamed(recv.Type(), knowledge.DatabaseSQL, name) {
			return name
		}
	}
	return ""
}

// reportContextless reports a database/sql call that takes no context.
func (c *checker) reportContextless(s site) bool {
	fn := s.rc.Func
	if sqlReceiver(fn) == "" {
		return false
	}
	if c.localSQL {
		return true // a local SQLite file: nothing to bound (see localSQLite)
	}
	instead, ok := knowledge.SQLContextless[fn.Name()]
	if !ok {
		return false
	}
	name := describe(fn, c.pass.Pkg)
	d := analysis.Diagnostic{
		Pos: s.call.Pos(),
		End: s.call.End(),
		Message: fmt.Sprintf("%s takes no context, so it can wait forever for a connection and for the database; use %s with a context that has a deadline",
			name, instead),
	}
	if fix, ok := c.contextlessFix(s, instead); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
	return true
}

// contextlessFix rewrites db.Query(q, args...) to db.QueryContext(ctx, q,
// args...) when an enclosing function has a context parameter that is
// visible at the call. The fix passes the caller's context on, so the
// caller's deadline then bounds the query.
func (c *checker) contextlessFix(s site, instead string) (analysis.SuggestedFix, bool) {
	sel, ok := ast.Unparen(s.call.Fun).(*ast.SelectorExpr)
	if !ok || !s.rc.Named || s.rc.Recv == nil {
		return analysis.SuggestedFix{}, false
	}
	ctx := c.contextParam(s)
	if ctx == "" {
		return analysis.SuggestedFix{}, false
	}
	insert := ctx
	if instead == "BeginTx" {
		insert += ", nil"
	}
	if len(s.call.Args) > 0 {
		insert += ", "
	}
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("call %s with %s", instead, ctx),
		TextEdits: []analysis.TextEdit{
			{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(instead)},
			{Pos: s.call.Lparen + 1, End: s.call.Lparen + 1, NewText: []byte(insert)},
		},
	}, true
}

// contextParam returns the name of the context.Context parameter of the
// innermost function around s that has one, if that name still denotes
// the parameter at the call.
func (c *checker) contextParam(s site) string {
	info := c.pass.TypesInfo
	for fc := range s.cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var ft *ast.FuncType
		switch f := fc.Node().(type) {
		case *ast.FuncDecl:
			ft = f.Type
		case *ast.FuncLit:
			ft = f.Type
		}
		if ft.Params == nil {
			continue
		}
		for _, field := range ft.Params.List {
			for _, name := range field.Names {
				v, ok := info.Defs[name].(*types.Var)
				if !ok || name.Name == "_" || !isContext(v.Type()) {
					continue
				}
				scope := c.pass.Pkg.Scope().Innermost(s.call.Pos())
				if scope == nil {
					return ""
				}
				if _, obj := scope.LookupParent(name.Name, s.call.Pos()); obj != v {
					return ""
				}
				return name.Name
			}
		}
	}
	return ""
}

// sinkArg is an argument of a call bounded only by that argument, a
// context, with the call named for a message.
type sinkArg struct {
	index int
	desc  string
	// request is set for http.NewRequestWithContext: the client that sends
	// the request may bound it with its Timeout, which this analyzer cannot
	// see, so the message says so and wrappers of it are not followed.
	request bool
}

// sinks returns the context arguments of a call of rc that bound it and
// nothing else does, in argument order.
func (c *checker) sinks(rc structlit.Call) []sinkArg {
	if params, ok := c.wrappers[rc.Func]; ok {
		var out []sinkArg
		for i, desc := range params {
			out = append(out, sinkArg{index: i, desc: desc})
		}
		slices.SortFunc(out, func(a, b sinkArg) int { return cmp.Compare(a.index, b.index) })
		return out
	}
	if i, desc, ok := c.sink(rc); ok {
		request := rc.Func.Pkg() != nil && rc.Func.Pkg().Path() == knowledge.NetHTTP
		return []sinkArg{{index: i, desc: desc, request: request}}
	}
	return nil
}

// sink reports whether a call of rc is bounded only by its first argument,
// a context, and how to name the call in a message.
func (c *checker) sink(rc structlit.Call) (int, string, bool) {
	fn := rc.Func
	sig := fn.Signature()
	if sig.Params().Len() == 0 || !isContext(sig.Params().At(0).Type()) {
		return 0, "", false
	}
	path := ""
	if fn.Pkg() != nil {
		path = fn.Pkg().Path()
	}
	switch {
	case sqlReceiver(fn) != "":
		if c.localSQL {
			return 0, "", false // a local SQLite file (see localSQLite)
		}
		return 0, describe(fn, c.pass.Pkg), true
	case path == knowledge.NetHTTP && sig.Recv() == nil && fn.Name() == knowledge.HTTPNewRequestWithContext:
		return 0, "the request built by http.NewRequestWithContext", true
	case fn.Name() == "DialContext" && isMethodOf(fn, knowledge.Net, "Dialer"):
		// The dialer's own Timeout or Deadline also bounds the dial.
		if c.stores.SetsAnyField(rc.Recv, knowledge.Net, "Dialer", knowledge.DialerTimeoutFields...) != structlit.No {
			return 0, "", false
		}
		return 0, describe(fn, c.pass.Pkg) + " with a dialer that has no Timeout", true
	case fn.Name() == "DialContext" && isMethodOf(fn, knowledge.CryptoTLS, "Dialer"):
		if c.stores.SetsAnyField(rc.Recv, knowledge.CryptoTLS, "Dialer", knowledge.TLSDialerNetDialer) != structlit.No {
			return 0, "", false
		}
		return 0, describe(fn, c.pass.Pkg) + " with no NetDialer", true
	case sig.Recv() != nil && isGRPCStub(sig) && !opensStream(sig):
		return 0, "the gRPC call " + describe(fn, c.pass.Pkg), true
	}
	return 0, "", false
}

// isGRPCStub recognises a gRPC client method by its last parameter, opts
// ...grpc.CallOption, by name and package path so that nines need not
// import grpc (vendored copies of grpc match too). Callers also require a
// receiver: package-level functions with call options are helpers around
// stubs (grpc's interop.Do* set their own deadlines or open streams), and
// what they do with the context cannot be seen from the call.
func isGRPCStub(sig *types.Signature) bool {
	if !sig.Variadic() {
		return false
	}
	last := sig.Params().At(sig.Params().Len() - 1).Type()
	slice, ok := types.Unalias(last).(*types.Slice)
	if !ok {
		return false
	}
	named, ok := types.Unalias(slice.Elem()).(*types.Named)
	if !ok {
		return false
	}
	obj := named.Obj()
	return obj.Name() == knowledge.GRPCCallOption && obj.Pkg() != nil && knowledge.IsGRPC(obj.Pkg().Path())
}

// opensStream reports whether a gRPC method returns a stream (a result
// with a CloseSend method, as grpc.ClientStream and every generated stream
// client have). A stream lives as long as the conversation: it is bounded
// by cancelling its context, not by a deadline, so it is not reported.
func opensStream(sig *types.Signature) bool {
	for i := range sig.Results().Len() {
		t := sig.Results().At(i).Type()
		if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "CloseSend"); obj != nil {
			if _, ok := obj.(*types.Func); ok {
				return true
			}
		}
	}
	return false
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

func isMethodOf(fn *types.Func, path, name string) bool {
	recv := fn.Signature().Recv()
	return recv != nil && structlit.IsNamed(recv.Type(), path, name)
}

// describe names a function the way a reader writes it: pkg.F, (*pkg.T).M
// or, for an interface method, (pkg.I).M; without the package name for a
// function of the package being analyzed (from).
func describe(fn *types.Func, from *types.Package) string {
	qual := func(p *types.Package) string {
		if p == nil || p == from {
			return ""
		}
		return p.Name() + "."
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return qual(fn.Pkg()) + fn.Name()
	}
	t := types.Unalias(recv.Type())
	star := ""
	if p, ok := t.(*types.Pointer); ok {
		star, t = "*", types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok {
		return fn.Name()
	}
	return fmt.Sprintf("(%s%s%s).%s", star, qual(n.Obj().Pkg()), n.Obj().Name(), fn.Name())
}

// interfaceWrappers makes a method of an interface declared in the
// package a wrapper when every type of the package that implements the
// interface implements the method with a wrapper passing the same context
// parameter on (a health-check client behind an interface of its own):
// a call through the interface reaches one of them. It reports whether it
// added any.
func (c *checker) interfaceWrappers() bool {
	// Only interfaces with a method named like a wrapper method can gain
	// one: most packages have none, and need no look at their types.
	names := map[string]bool{}
	for fn := range c.wrappers {
		if fn.Signature().Recv() != nil {
			names[fn.Name()] = true
		}
	}
	if len(names) == 0 {
		return false
	}
	scope := c.pass.Pkg.Scope()
	var ifaces, concrete []*types.Named
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || n.TypeParams().Len() > 0 {
			continue
		}
		if it, ok := n.Underlying().(*types.Interface); ok {
			for m := range it.Methods() {
				if names[m.Name()] {
					ifaces = append(ifaces, n)
					break
				}
			}
		} else {
			concrete = append(concrete, n)
		}
	}
	changed := false
	for _, it := range ifaces {
		iface := it.Underlying().(*types.Interface)
		var impls []*types.Named
		for _, t := range concrete {
			if types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface) {
				impls = append(impls, t)
			}
		}
		if len(impls) == 0 {
			continue
		}
		for m := range iface.Methods() {
			if c.wrappers[m] != nil || !names[m.Name()] {
				continue
			}
			var common map[int]string
			for _, t := range impls {
				obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), false, c.pass.Pkg, m.Name())
				fn, ok := obj.(*types.Func)
				var w map[int]string
				if ok {
					w = c.wrappers[fn.Origin()]
				}
				if w == nil {
					common = nil
					break
				}
				if common == nil {
					common = maps.Clone(w)
					continue
				}
				for i := range common {
					if _, both := w[i]; !both {
						delete(common, i)
					}
				}
			}
			if len(common) > 0 {
				c.wrappers[m] = common
				changed = true
			}
		}
	}
	return changed
}

// findWrappers finds the functions of the package that pass a context
// parameter on to a call bounded only by it, directly or through other
// such functions, so that a caller handing them context.Background() is
// reported where it does so.
func (c *checker) findWrappers(sites []site) {
	for changed := true; changed; {
		changed = false
		for _, s := range sites {
			if s.encl == nil {
				continue
			}
			for _, sa := range c.sinks(s.rc) {
				if sa.index >= len(s.rc.Args) || sa.request {
					continue
				}
				v := c.eval(s.rc.Args[sa.index], -1, nil)
				if v.unknown {
					continue
				}
				params := s.encl.Signature().Params()
				for _, p := range v.params {
					for i := range params.Len() {
						if params.At(i) != p {
							continue
						}
						if c.wrappers[s.encl] == nil {
							c.wrappers[s.encl] = make(map[int]string)
						}
						if _, done := c.wrappers[s.encl][i]; !done {
							c.wrappers[s.encl][i] = sa.desc + " via " + describe(s.encl, c.pass.Pkg)
							changed = true
						}
					}
				}
			}
		}
	}
}

// reportContextArg reports a context with no deadline passed to a call
// bounded only by its context.
func (c *checker) reportContextArg(s site) {
	for _, sa := range c.sinks(s.rc) {
		if c.checkArg(s, sa) {
			return // one finding per call
		}
	}
}

func (c *checker) checkArg(s site, sa sinkArg) bool {
	if sa.index >= len(s.rc.Args) {
		return false
	}
	arg := s.rc.Args[sa.index]
	waits := "can wait forever"
	if sa.request {
		waits = "can wait forever unless the client that sends it has a Timeout"
	}
	v := c.eval(arg, -1, nil)
	if v.unknown || len(v.params) > 0 || v.origin == "" {
		return false
	}
	if sa.request && c.sentByBoundedClients(s) {
		return false
	}
	if sa.request && c.requestToLoopback(s) {
		return false // the program's own server, or a process beside it
	}
	if sa.request && generated.HarnessCode(c.pass, s.call.Pos()) && !c.sentByClients(s) {
		// Test code naming a remote host in the URL, whose request is
		// written to a connection or sent over a transport bound to one
		// (a proxy's tests): it goes where the test's connection goes.
		return false
	}
	var msg string
	if what := types.ExprString(ast.Unparen(arg)); what == v.origin {
		msg = fmt.Sprintf("%s has no deadline, so %s %s; pass the caller's context or derive one with context.WithTimeout",
			v.origin, sa.desc, waits)
	} else {
		msg = fmt.Sprintf("%s has no deadline (it comes from %s), so %s %s; pass the caller's context or derive one with context.WithTimeout",
			what, v.origin, sa.desc, waits)
	}
	c.pass.Report(analysis.Diagnostic{Pos: s.call.Pos(), End: s.call.End(), Message: msg})
	return true
}

// sentByBoundedClients reports a request (built at s) that is only sent,
// in the function that builds it, by clients that have a Timeout: the
// client bounds it whatever its context says.
func (c *checker) sentByBoundedClients(s site) bool {
	senders, ok := c.vals.RequestSenders(s.cur)
	if !ok || len(senders) == 0 {
		return false
	}
	for _, e := range senders {
		if c.vals.ClientTimeout(e) != values.Yes {
			return false
		}
	}
	return true
}

// sentByClients reports a request (built at s) that the function only
// sends with an http.Client's Do, which dials the host its URL names.
func (c *checker) sentByClients(s site) bool {
	senders, ok := c.vals.RequestSenders(s.cur)
	return ok && len(senders) > 0
}

// ctxValue is what is known of where a context comes from, joined over
// every value a variable may hold.
type ctxValue struct {
	// origin is set when some value is a context without a deadline: the
	// root it derives from, such as "context.Background()".
	origin string
	// params are the function parameters a value may be, unchanged or
	// wrapped without a deadline (context.WithValue(ctx, k, v)).
	params []*types.Var
	// unknown is set when some value may carry a deadline, or comes from
	// somewhere not followed (a call, a field, r.Context()).
	unknown bool
}

func (a *ctxValue) join(b ctxValue) {
	if a.origin == "" {
		a.origin = b.origin
	}
	a.params = append(a.params, b.params...)
	a.unknown = a.unknown || b.unknown
}

var unknownCtx = ctxValue{unknown: true}

// eval follows a context expression back to where it comes from. result
// is the index of the result used when e is a multi-value call, or -1.
func (c *checker) eval(e ast.Expr, result int, visiting map[*types.Var]bool) ctxValue {
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if result > 0 {
			return unknownCtx // the cancel function, not the context
		}
		fn, ok := c.calleeFunc(e)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "context" || fn.Signature().Recv() != nil {
			return unknownCtx
		}
		switch fn.Name() {
		case "Background", "TODO":
			return ctxValue{origin: "context." + fn.Name() + "()"}
		case "WithoutCancel":
			// Detached from its parent: no deadline, whatever the parent had.
			return ctxValue{origin: "context.WithoutCancel"}
		case "WithCancel", "WithCancelCause", "WithValue":
			if len(e.Args) == 0 {
				return unknownCtx
			}
			return c.eval(e.Args[0], -1, visiting)
		}
		return unknownCtx // WithTimeout, WithDeadline and their Cause forms
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok || v.IsField() || !isContext(v.Type()) {
			return unknownCtx
		}
		if visiting[v] {
			return ctxValue{} // a cycle adds nothing
		}
		if visiting == nil {
			visiting = make(map[*types.Var]bool)
		}
		visiting[v] = true
		defer delete(visiting, v)

		var out ctxValue
		switch v.Kind() {
		case types.ParamVar:
			out.params = []*types.Var{v}
		case types.LocalVar, types.ResultVar, types.PackageVar:
		default:
			return unknownCtx
		}
		vs := c.stores.Of(v)
		if vs == nil {
			if len(out.params) > 0 {
				return out
			}
			return unknownCtx
		}
		if vs.Opaque {
			return unknownCtx
		}
		for _, st := range vs.Values {
			if st.Rhs == nil {
				continue // the nil zero value: not a context to bound
			}
			out.join(c.eval(st.Rhs, st.Result, visiting))
		}
		if out.origin == "" && len(out.params) == 0 && !out.unknown {
			return unknownCtx
		}
		return out
	}
	return unknownCtx
}

// calleeFunc resolves a call, through variables holding functions too.
func (c *checker) calleeFunc(call *ast.CallExpr) (*types.Func, bool) {
	rc, ok := c.stores.ResolveCall(call)
	if !ok {
		return nil, false
	}
	return rc.Func, true
}

// requestToLoopback reports a request built by http.NewRequestWithContext
// whose URL is a loopback address in the code (harness.LoopbackAddress).
func (c *checker) requestToLoopback(s site) bool {
	if len(s.call.Args) != 4 {
		return false
	}
	if pkg, name, _ := knowledge.Callee(c.pass.TypesInfo, s.call); pkg != knowledge.NetHTTP || name != knowledge.HTTPNewRequestWithContext {
		return false
	}
	return harness.LoopbackAddress(c.pass.TypesInfo, c.stores, s.call.Args[2])
}
