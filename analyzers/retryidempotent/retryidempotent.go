package retryidempotent

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/nines-dev/nines/internal/analysis/generated"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/retryloop"
	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

//go:embed doc.go
var doc []byte

// Analyzer is the retryidempotent analysis pass.
var Analyzer = &analysis.Analyzer{
	Name:      "retryidempotent",
	Doc:       ruledoc.MustExtract(doc, "retryidempotent"),
	URL:       ruledoc.URL("retryidempotent"),
	Requires:  []*analysis.Analyzer{generated.Analyzer, retryloop.Analyzer, structlit.StoresAnalyzer},
	FactTypes: []analysis.Fact{new(notIdempotent), new(setsKey), new(retriesRequest), new(retriesFunc), new(retriesSQL), new(sendsMethod), new(hasFacts)},
	Run:       run,
}

// analyzer holds the state of one pass.
type analyzer struct {
	pass  *analysis.Pass
	scans map[*ast.BlockStmt]*scan
	cfgs  map[*ast.BlockStmt]*cfg.CFG
	// local holds the facts of this package's functions while they settle.
	local map[*types.Func]*notIdempotent
	keys  map[*types.Func]*setsKey
	// retried holds the functions that retry a request parameter.
	retried map[*types.Func]*retriesRequest
	// retriesFn holds the functions that retry a function parameter.
	retriesFn map[*types.Func]*retriesFunc
	// retriesSQL holds the functions that retry SQL given as a parameter.
	retriesSQL map[*types.Func]*retriesSQL
	// methods holds the request helpers that take the method as a
	// parameter.
	methods map[*types.Func]*sendsMethod
	// imported caches the facts of other packages' functions.
	imported map[*types.Func]*notIdempotent
	// safe holds the functions marked //nines:idempotent.
	safe      map[*types.Func]bool
	safeDecls []*ast.FuncDecl
	assigns   map[*types.Var][]ast.Expr
	// stores indexes what the package stores into its variables and
	// fields, to follow calls through interfaces and function values.
	stores *structlit.Stores
	// replies holds, while a retry's ways around are judged, the
	// variables holding the reply to the write in question.
	replies map[types.Object]bool
}

func run(pass *analysis.Pass) (any, error) {
	generated.SkipReports(pass)
	if pass.Pkg == nil || pass.TypesInfo == nil || knowledge.LookupRetryLibrary(pass.Pkg.Path()) != nil {
		// A retry library's own convenience methods (retryablehttp's
		// Client.Post) are reported where programs call them.
		return nil, nil
	}
	var retries []*retryloop.Retry
	if res, ok := pass.ResultOf[retryloop.Analyzer].(*retryloop.Result); ok && res != nil {
		for _, r := range res.Retries {
			// A reconnect loop re-opens a long-lived call after it fails
			// (a stream, a subscription): retrybackoff judges its pace.
			if !r.Reconnect {
				retries = append(retries, r)
			}
		}
	}
	// A package with retries may define a retry helper that others call,
	// even if it sends and writes nothing itself.
	if len(retries) == 0 && !relevant(pass) {
		return nil, nil
	}
	a := &analyzer{
		pass:  pass,
		scans: make(map[*ast.BlockStmt]*scan),
		cfgs:  make(map[*ast.BlockStmt]*cfg.CFG),
		local: make(map[*types.Func]*notIdempotent),
		keys:  make(map[*types.Func]*setsKey),
		safe:  make(map[*types.Func]bool),

		imported: make(map[*types.Func]*notIdempotent),
		retried:  make(map[*types.Func]*retriesRequest),

		retriesFn:  make(map[*types.Func]*retriesFunc),
		retriesSQL: make(map[*types.Func]*retriesSQL),
		methods:    make(map[*types.Func]*sendsMethod),
	}
	a.stores, _ = pass.ResultOf[structlit.StoresAnalyzer].(*structlit.Stores)
	a.computeFacts(retries)
	a.exportFacts()
	a.report(retries)
	return nil, nil
}

// relevant reports whether the package can hold an unsafe operation: it
// uses net/http or a database API, imports a package with facts, or marks
// a function //nines:not-idempotent.
func relevant(pass *analysis.Pass) bool {
	if pass.Pkg.Path() == knowledge.NetHTTP {
		return false
	}
	for _, imp := range pass.Pkg.Imports() {
		switch path := imp.Path(); {
		case path == knowledge.NetHTTP, knowledge.IsSQLAPI(path), knowledge.IsResty(path):
			return true
		}
		if pass.ImportPackageFact(imp, new(hasFacts)) {
			return true
		}
	}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.Contains(c.Text, directiveUnsafe) {
					return true
				}
			}
		}
	}
	return false
}

// report checks every retry of the package, reporting each operation once
// even when retries nest.
func (a *analyzer) report(retries []*retryloop.Retry) {
	type finding struct {
		pos token.Pos
		msg string
	}
	var findings []finding
	seen := make(map[token.Pos]bool)
	for _, r := range retries {
		if r == nil || a.inSafeFunc(r.Pos) {
			continue
		}
		if r.Kind == retryloop.Library && r.Func != nil && r.Call != nil {
			if f := a.factOf(r.Func.Origin()); f != nil && !seen[r.Call.Pos()] {
				seen[r.Call.Pos()] = true
				findings = append(findings, finding{r.Call.Pos(), a.retriedFuncMessage(r.Func, r.Call, f)})
			}
		}
		var outer *scan
		if body := funcBody(r.Enclosing); body != nil {
			outer = a.scanRegion(body)
		}
		if r.Kind == retryloop.Library && r.Library == knowledge.RetryableHTTP && r.Call != nil {
			if o := a.retryableHTTPOp(r.Call, outer); o != nil && !seen[r.Call.Pos()] {
				seen[r.Call.Pos()] = true
				findings = append(findings, finding{r.Call.Pos(), a.message(o)})
			}
		}
		if r.Body == nil {
			continue
		}
		s := a.scanRegion(r.Body)
		repeated := a.repeatsIn(r)
		for _, o := range a.ops(s, outer) {
			pos := o.node.Pos()
			if seen[pos] || !repeated(pos) {
				continue
			}
			msg := a.message(o)
			if hazard, answered := a.answeredOnly(r, o.node); answered {
				if hazard == nil {
					// Only a reply refusing the attempt goes around.
					continue
				}
				msg = afterAnswer(msg, hazard)
			}
			seen[pos] = true
			findings = append(findings, finding{pos, msg})
		}
	}
	for _, f := range a.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || a.inSafeFunc(fd.Pos()) {
				continue
			}
			s := a.scanRegion(fd.Body)
			for _, o := range a.passedToRetrier(s) {
				if pos := o.node.Pos(); !seen[pos] {
					seen[pos] = true
					findings = append(findings, finding{pos, a.message(o)})
				}
			}
			for _, o := range a.sqlPassedToRetrier(s) {
				if pos := o.node.Pos(); !seen[pos] {
					seen[pos] = true
					findings = append(findings, finding{pos, a.message(o)})
				}
			}
			for _, o := range a.retriedByHelpers(fd, s) {
				if pos := o.node.Pos(); !seen[pos] {
					seen[pos] = true
					findings = append(findings, finding{pos, a.message(o)})
				}
			}
		}
	}
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].pos < findings[j].pos })
	for _, f := range findings {
		if generated.InHarness(a.pass, f.pos) {
			// A write repeated by a test reaches the test's fixture (a
			// mock transport, an httptest server, a scratch database),
			// not a service that would apply it twice.
			continue
		}
		a.pass.Report(analysis.Diagnostic{Pos: f.pos, Message: f.msg})
	}
}

func (a *analyzer) inSafeFunc(pos token.Pos) bool {
	for _, d := range a.safeDecls {
		if d.Pos() <= pos && pos < d.End() {
			return true
		}
	}
	return false
}

// Consequences and fixes, per kind of operation.
// branchWord names the statement a branch belongs to.
func branchWord(b ast.Node) string {
	switch b.(type) {
	case *ast.IfStmt:
		return "the if"
	case *ast.SelectStmt:
		return "the select"
	}
	return "the switch"
}

func consequence(kind opKind) string {
	switch kind {
	case opPost, opFreshKey, opMarked:
		return "an attempt whose reply was lost is applied again"
	case opInsert:
		return "an attempt that committed before its reply was lost adds a duplicate row"
	case opIncrement:
		return "an attempt that committed before its reply was lost applies the change twice"
	}
	return "a repeated attempt applies it twice"
}

// afterAnswer rewords a finding for a retry that goes around only after a
// reply, on statuses codes: no lost reply is repeated, but a reply with
// one of these statuses may follow a write that was applied.
func afterAnswer(msg string, codes []int) string {
	for _, kind := range []opKind{opPost, opInsert, opIncrement} {
		if c := consequence(kind); strings.Contains(msg, c) {
			return strings.Replace(msg, c, "it is repeated after "+statusNote(codes)+", which a server may send after applying the write", 1)
		}
	}
	return msg
}

func fix(kind opKind) string {
	switch kind {
	case opPost:
		return "set an Idempotency-Key header generated once outside the retry, or mark the function //nines:idempotent if the server deduplicates"
	case opFreshKey:
		return "generate the key once outside the retry and send the same key on every attempt"
	case opInsert:
		return "add ON CONFLICT DO NOTHING (or ON DUPLICATE KEY UPDATE) on a unique key"
	case opIncrement:
		return "set an absolute value, or compare a version column in the WHERE clause"
	}
	return "make it idempotent or move it out of the retry"
}

func (a *analyzer) message(o *op) string {
	if o.retrier != nil {
		name := funcName(o.retrier, a.pass.Pkg)
		if o.kind == opFreshKey {
			return fmt.Sprintf("request passed to %s, which retries it, is a %s whose Idempotency-Key is generated on every call (from %s); %s",
				name, o.method, o.detail, fix(opFreshKey))
		}
		return fmt.Sprintf("request passed to %s, which retries it, is a %s without an Idempotency-Key header: %s; %s",
			name, o.method, consequence(opPost), fix(opPost))
	}
	if o.sqlRetrier != nil {
		name := funcName(o.sqlRetrier, a.pass.Pkg)
		if o.kind == opIncrement {
			return fmt.Sprintf("statement passed to %s, which retries it, is an UPDATE adding to column %s: %s; %s", name, o.detail, consequence(o.kind), fix(o.kind))
		}
		into := ""
		if o.table != "" {
			into = " into " + o.table
		}
		return fmt.Sprintf("statement passed to %s, which retries it, is an INSERT%s without an ON CONFLICT clause: %s; %s", name, into, consequence(o.kind), fix(o.kind))
	}
	if o.helperFunc != nil {
		call, _ := o.node.(*ast.CallExpr)
		return a.retriedFuncMessage(o.helperFunc, call, o.fact)
	}
	if o.fact != nil && o.callee != nil {
		name := funcName(o.callee, a.pass.Pkg)
		called := name
		if o.holder != nil {
			called += " through " + holderName(o.holder, a.pass.Pkg)
		}
		return fmt.Sprintf("retried call to %s, which %s (via %s): %s; %s, or mark %s //nines:idempotent if it is safe",
			called, o.fact.describe(), strings.Join(o.fact.Via, ", "), consequence(o.fact.Kind), fixCallee(o.fact.Kind), name)
	}
	switch o.kind {
	case opPost:
		if o.keyless {
			return fmt.Sprintf("retried %s sends a POST request that cannot carry an Idempotency-Key header: %s; build the request with http.NewRequest and %s",
				o.what, consequence(o.kind), fix(o.kind))
		}
		if o.branch != nil {
			return fmt.Sprintf("retried %s request gets an Idempotency-Key header only on one branch (%s at line %d), so the attempts on the other paths carry none: %s; set the key on every path, from a value generated once outside the retry",
				o.method, branchWord(o.branch), a.pass.Fset.Position(o.branch.Pos()).Line, consequence(o.kind))
		}
		return fmt.Sprintf("retried %s request has no Idempotency-Key header: %s; %s", o.method, consequence(o.kind), fix(o.kind))
	case opFreshKey:
		return fmt.Sprintf("retried %s request gets a new Idempotency-Key on every attempt (from %s), so the server cannot recognise the repeat; %s",
			o.method, o.detail, fix(o.kind))
	case opInsert:
		into := ""
		if o.table != "" {
			into = " into " + o.table
		}
		return fmt.Sprintf("retried INSERT%s has no ON CONFLICT clause: %s; %s", into, consequence(o.kind), fix(o.kind))
	case opIncrement:
		return fmt.Sprintf("retried UPDATE adds to column %s: %s; %s", o.detail, consequence(o.kind), fix(o.kind))
	}
	return "retried operation is not idempotent"
}

// fixCallee is the fix when the operation is inside a helper.
func fixCallee(kind opKind) string {
	switch kind {
	case opPost:
		return "pass it an Idempotency-Key generated once outside the retry"
	case opFreshKey:
		return "generate the key once outside the retry and pass it in"
	case opInsert:
		return "use ON CONFLICT in its INSERT"
	case opIncrement:
		return "make its UPDATE set absolute values"
	}
	return "make it idempotent or move it out of the retry"
}

func (a *analyzer) retriedFuncMessage(retried *types.Func, call *ast.CallExpr, f *notIdempotent) string {
	name := funcName(retried.Origin(), a.pass.Pkg)
	lib := "a retry library"
	if fn := calleeFunc(a.pass.TypesInfo, call); fn != nil {
		lib = funcName(fn, a.pass.Pkg)
	}
	via := ""
	if len(f.Via) > 0 {
		via = " (via " + strings.Join(f.Via, ", ") + ")"
	}
	return fmt.Sprintf("function %s retried by %s %s%s: %s; %s, or mark %s //nines:idempotent if it is safe",
		name, lib, f.describe(), via, consequence(f.Kind), fixCallee(f.Kind), name)
}
