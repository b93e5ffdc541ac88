package retryidempotent

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"github.com/nines-dev/nines/internal/analysis/retryloop"
)

// opKind says why an operation is unsafe to repeat.
type opKind int

const (
	opPost      opKind = iota + 1 // POST or PATCH without an idempotency key
	opFreshKey                    // key generated anew on every attempt or call
	opInsert                      // INSERT without conflict handling
	opIncrement                   // UPDATE adding to a column
	opMarked                      // function marked //nines:not-idempotent
)

// op is one unsafe operation found in a region.
type op struct {
	kind   opKind
	node   ast.Node // where it is reported
	what   string   // the API that performs it: http.NewRequest, sql.DB.Exec
	method string   // HTTP method
	// keyless is set for http.Post and the like, which cannot carry a key.
	keyless bool
	// inTx is set for a statement on a transaction begun in the same
	// region: a transaction retried as a whole rolls the failed attempt
	// back, so its statements do not pile up (the remaining risk, a COMMIT
	// whose reply was lost, is not judged). A function that begins, writes
	// and commits is still unsafe to call twice.
	inTx   bool
	detail string // column added to, or generator of the key
	table  string
	// callee and fact are set when the operation is a call to a helper
	// that carries a notIdempotent fact.
	callee *types.Func
	fact   *notIdempotent
	// holder is set when callee is reached through an interface or a
	// function value held in this variable or field.
	holder *types.Var
	// branch is set when the key is set on a request only inside this if
	// or case: the other paths send it without one.
	branch ast.Node
	// retrier is set when a request is passed to a function that retries
	// it; node is that call.
	retrier *types.Func
	// sqlRetrier is set when unsafe SQL is passed to a function that
	// retries it; node is that call.
	sqlRetrier *types.Func
	// helperFunc is set when a named function is passed to a retry helper
	// of the program; node is that call and fact its fact.
	helperFunc *types.Func
}

// notIdempotent is the fact exported on a function that performs an
// operation unsafe to repeat, directly or through the functions it calls.
// Callers inside a retry are reported with the chain in Via.
type notIdempotent struct {
	Kind   opKind
	Method string
	Detail string
	Table  string
	// Via is the chain of calls from the function down to the operation,
	// e.g. [payments.Client.Charge http.NewRequest].
	Via []string
}

func (*notIdempotent) AFact() {}

func (f *notIdempotent) String() string {
	s := "not idempotent: " + f.describe()
	if len(f.Via) > 0 {
		s += " (via " + strings.Join(f.Via, ", ") + ")"
	}
	return s
}

func (f *notIdempotent) describe() string {
	return describe(f.Kind, f.Method, f.Detail, f.Table)
}

func describe(kind opKind, method, detail, table string) string {
	switch kind {
	case opPost:
		return fmt.Sprintf("sends a %s request without an Idempotency-Key header", method)
	case opFreshKey:
		return fmt.Sprintf("sends a %s request with an Idempotency-Key generated on every call (%s)", method, detail)
	case opInsert:
		if table != "" {
			return "inserts into " + table + " without conflict handling"
		}
		return "inserts without conflict handling"
	case opIncrement:
		return "adds to column " + detail + " in an UPDATE"
	case opMarked:
		return "is marked //nines:not-idempotent"
	}
	return "is not idempotent"
}

// maxVia bounds the chain kept in a fact; deeper chains end in "...".
const maxVia = 6

// factFor turns the first unsafe operation of a function into its fact.
func factFor(o *op) *notIdempotent {
	if o.fact != nil {
		via := append([]string{funcName(o.callee, nil)}, o.fact.Via...)
		if len(via) > maxVia {
			via = append(via[:maxVia-1:maxVia-1], "...")
		}
		return &notIdempotent{Kind: o.fact.Kind, Method: o.fact.Method, Detail: o.fact.Detail, Table: o.fact.Table, Via: via}
	}
	return &notIdempotent{Kind: o.kind, Method: o.method, Detail: o.detail, Table: o.table, Via: []string{o.what}}
}

func sameFact(a, b *notIdempotent) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Kind == b.Kind && a.Method == b.Method && a.Detail == b.Detail && a.Table == b.Table && slices.Equal(a.Via, b.Via)
}

// setsKey is the fact exported on a function that sets an idempotency key
// on some of its *http.Request parameters, so that a request passed to it
// counts as keyed.
type setsKey struct {
	Params []int
	// Fresh names the generator when the key is generated inside the
	// function, which makes it new on every call.
	Fresh string
}

func (*setsKey) AFact() {}

func (f *setsKey) String() string {
	s := fmt.Sprintf("sets Idempotency-Key on parameters %v", f.Params)
	if f.Fresh != "" {
		s += " from " + f.Fresh
	}
	return s
}

// retriesRequest is the fact exported on a function that sends some of its
// *http.Request parameters inside a retry (a RetryDo(client, req, n)
// helper), so that a POST request passed to it is a retried request.
type retriesRequest struct {
	Params []int
}

func (*retriesRequest) AFact() {}

func (f *retriesRequest) String() string {
	return fmt.Sprintf("retries its request parameters %v", f.Params)
}

// hasFacts is the package fact of packages that export notIdempotent or
// setsKey facts, so that packages importing none of them are skipped.
type hasFacts struct{}

func (*hasFacts) AFact()         {}
func (*hasFacts) String() string { return "has idempotency facts" }

// Directives in doc comments.
const (
	directiveSafe   = "nines:idempotent"
	directiveUnsafe = "nines:not-idempotent"
)

func hasDirective(doc *ast.CommentGroup, directive string) bool {
	if doc == nil {
		return false
	}
	for _, c := range doc.List {
		text, ok := strings.CutPrefix(c.Text, "//")
		if !ok {
			continue
		}
		text = strings.TrimSpace(text)
		if text == directive || strings.HasPrefix(text, directive+" ") {
			return true
		}
	}
	return false
}

func (a *analyzer) factOf(fn *types.Func) *notIdempotent {
	if fn == nil {
		return nil
	}
	if fn.Pkg() == a.pass.Pkg {
		return a.local[fn]
	}
	if f, ok := a.imported[fn]; ok {
		return f
	}
	var f *notIdempotent
	if fact := new(notIdempotent); fn.Pkg() != nil && a.pass.ImportObjectFact(fn, fact) {
		f = fact
	}
	a.imported[fn] = f
	return f
}

func (a *analyzer) keyFactOf(fn *types.Func) *setsKey {
	if fn == nil {
		return nil
	}
	if fn.Pkg() == a.pass.Pkg {
		return a.keys[fn]
	}
	var f setsKey
	if fn.Pkg() != nil && a.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// computeFacts settles the facts of the package's functions. A function's
// fact depends on its callees' facts, and calls may form cycles, so the
// facts are recomputed until nothing changes; every function body is
// scanned only once.
func (a *analyzer) computeFacts(retries []*retryloop.Retry) {
	type decl struct {
		fn   *types.Func
		body *ast.BlockStmt
	}
	var decls []decl
	byDecl := make(map[ast.Node]*types.Func)
	info := a.pass.TypesInfo
	for _, f := range a.pass.Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				fn, ok := info.Defs[d.Name].(*types.Func)
				if !ok {
					continue
				}
				switch {
				case hasDirective(d.Doc, directiveSafe):
					a.safe[fn] = true
					a.safeDecls = append(a.safeDecls, d)
				case hasDirective(d.Doc, directiveUnsafe):
					a.local[fn] = &notIdempotent{Kind: opMarked}
				case d.Body != nil:
					decls = append(decls, decl{fn, d.Body})
					byDecl[d] = fn
				}
			case *ast.GenDecl:
				a.markInterfaceMethods(d)
			}
		}
	}
	// Request parameters sent inside a retry of the function itself, and
	// function parameters called as its attempts.
	for _, r := range retries {
		if r == nil {
			continue
		}
		fn := byDecl[r.Enclosing]
		if fn == nil {
			continue
		}
		a.retriedFuncParams(fn, r)
		if r.Body == nil {
			continue
		}
		s := a.scanRegion(r.Body)
		a.retriedSQLParams(fn, s)
		params := fn.Signature().Params()
		for i := 0; i < params.Len(); i++ {
			if p := params.At(i); isRequestType(p.Type()) && a.sentIn(s, p) {
				a.addRetried(fn, i)
			}
		}
	}
	scans := make([]*scan, len(decls))
	for iter := range 10 {
		changed := false
		for i, d := range decls {
			if iter > 0 && !a.dependsOnLocal(scans[i]) {
				// Nothing it calls can have changed, so neither can its scan.
				continue
			}
			s := a.scanRegion(d.body)
			scans[i] = s
			if a.passesRetriedFuncs(d.fn, s) {
				changed = true
			}
			if a.passesRetriedSQL(d.fn, s) {
				changed = true
			}
			// Request parameters handed on to a function that retries them.
			params := d.fn.Signature().Params()
			for i := 0; i < params.Len(); i++ {
				u := s.requests[params.At(i)]
				if u == nil {
					continue
				}
				for _, p := range u.passed {
					if f := a.retriedFactOf(p.callee); f != nil && containsInt(f.Params, p.index) && !containsInt(a.retried[d.fn].paramList(), i) {
						a.addRetried(d.fn, i)
						changed = true
					}
				}
			}
			if m := a.methodFact(d.fn, s); !sameMethodFact(m, a.methods[d.fn]) {
				if m == nil {
					delete(a.methods, d.fn)
				} else {
					a.methods[d.fn] = m
				}
				changed = true
			}
			if k := a.paramKeys(d.fn, s); !sameKeys(k, a.keys[d.fn]) {
				if k == nil {
					delete(a.keys, d.fn)
				} else {
					a.keys[d.fn] = k
				}
				changed = true
			}
			var f *notIdempotent
			for _, o := range a.ops(s, nil) {
				// A function that sets the key on one branch lets its
				// caller choose (a key parameter, an option): only a
				// retry of that choice inside it is reported.
				if o.branch == nil {
					f = factFor(o)
					break
				}
			}
			if !sameFact(f, a.local[d.fn]) {
				if f == nil {
					delete(a.local, d.fn)
				} else {
					a.local[d.fn] = f
				}
				changed = true
			}
		}
		if !changed {
			break
		}
	}
}

// markInterfaceMethods reads //nines:not-idempotent on interface methods,
// which the analysis cannot otherwise see into.
func (a *analyzer) markInterfaceMethods(d *ast.GenDecl) {
	for _, spec := range d.Specs {
		ts, ok := spec.(*ast.TypeSpec)
		if !ok {
			continue
		}
		it, ok := ts.Type.(*ast.InterfaceType)
		if !ok || it.Methods == nil {
			continue
		}
		for _, m := range it.Methods.List {
			if !hasDirective(m.Doc, directiveUnsafe) && !hasDirective(m.Comment, directiveUnsafe) {
				continue
			}
			for _, name := range m.Names {
				if fn, ok := a.pass.TypesInfo.Defs[name].(*types.Func); ok {
					a.local[fn] = &notIdempotent{Kind: opMarked}
				}
			}
		}
	}
}

// paramKeys computes the setsKey fact of fn from its body's scan.
func (a *analyzer) paramKeys(fn *types.Func, s *scan) *setsKey {
	params := fn.Signature().Params()
	var k setsKey
	for i := 0; i < params.Len(); i++ {
		p := params.At(i)
		if !isRequestType(p.Type()) {
			continue
		}
		if _, ok := s.requests[p]; !ok {
			continue
		}
		key := a.keyOf(s, p)
		if key.set || key.unknown || len(key.only) > 0 {
			k.Params = append(k.Params, i)
			if k.Fresh == "" {
				k.Fresh = key.fresh
			}
		}
	}
	if len(k.Params) == 0 {
		return nil
	}
	return &k
}

func sameKeys(a, b *setsKey) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Fresh == b.Fresh && slices.Equal(a.Params, b.Params)
}

// exportFacts exports the settled facts in source order, so that the
// encoded facts are the same from one run to the next.
func (a *analyzer) exportFacts() {
	var fns []*types.Func
	for fn := range a.local {
		fns = append(fns, fn)
	}
	for fn := range a.keys {
		if a.local[fn] == nil {
			fns = append(fns, fn)
		}
	}
	for fn := range a.retried {
		if a.local[fn] == nil && a.keys[fn] == nil {
			fns = append(fns, fn)
		}
	}
	for fn := range a.retriesFn {
		fns = append(fns, fn)
	}
	for fn := range a.retriesSQL {
		fns = append(fns, fn)
	}
	for fn := range a.methods {
		fns = append(fns, fn)
	}
	slices.SortFunc(fns, func(x, y *types.Func) int { return int(x.Pos() - y.Pos()) })
	fns = slices.Compact(fns)
	slices.SortFunc(fns, func(x, y *types.Func) int { return int(x.Pos() - y.Pos()) })
	for _, fn := range fns {
		if f := a.local[fn]; f != nil {
			a.pass.ExportObjectFact(fn, f)
		}
		if k := a.keys[fn]; k != nil {
			a.pass.ExportObjectFact(fn, k)
		}
		if r := a.retried[fn]; r != nil {
			a.pass.ExportObjectFact(fn, r)
		}
		if r := a.retriesFn[fn]; r != nil {
			a.pass.ExportObjectFact(fn, r)
		}
		if r := a.retriesSQL[fn]; r != nil {
			a.pass.ExportObjectFact(fn, r)
		}
		if m := a.methods[fn]; m != nil {
			a.pass.ExportObjectFact(fn, m)
		}
	}
	if len(fns) > 0 {
		a.pass.ExportPackageFact(&hasFacts{})
	}
}

// dependsOnLocal reports whether a function's facts depend on the facts of
// other functions of the package.
func (a *analyzer) dependsOnLocal(s *scan) bool {
	for _, c := range s.calls {
		if c.callee.Pkg() == a.pass.Pkg {
			return true
		}
	}
	return false
}

func (f *retriesRequest) paramList() []int {
	if f == nil {
		return nil
	}
	return f.Params
}

func (a *analyzer) addRetried(fn *types.Func, i int) {
	addParam(a.retried, fn, i)
}

func (a *analyzer) retriedFactOf(fn *types.Func) *retriesRequest {
	return paramFactOf(a, a.retried, fn)
}
