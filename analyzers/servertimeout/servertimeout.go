package servertimeout

import (
	_ "embed"
	"go/ast"
	"go/types"
	"strconv"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nines-dev/nines/internal/analysis/fixes"
	"github.com/nines-dev/nines/internal/analysis/generated"
	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/pkgdeps"
	"github.com/nines-dev/nines/internal/analysis/rootcause"
	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

//go:embed doc.go
var doc []byte

// Analyzer is the servertimeout analysis pass.
var Analyzer = &analysis.Analyzer{
	Name:     "servertimeout",
	Doc:      ruledoc.MustExtract(doc, "servertimeout"),
	URL:      ruledoc.URL("servertimeout"),
	Requires: []*analysis.Analyzer{generated.Analyzer, inspect.Analyzer, structlit.StoresAnalyzer},
	// The checks read types defensively, so editors and drivers that analyse
	// code with type errors still get the findings that can be seen.
	RunDespiteErrors: true,
	Run:              run,
}

// includeHTTPTest is the -httptest flag: report the servers of httptest
// too. Drivers turn it on with their -tests flag.
var includeHTTPTest bool

func init() {
	Analyzer.Flags.BoolVar(&includeHTTPTest, "httptest", false,
		"also report http.Server literals stored in the Config of an httptest.Server")
	Analyzer.Flags.Var(fixes.Duration{D: &fixTimeout}, "read-header-timeout",
		"the ReadHeaderTimeout the suggested fix inserts")
}

// fixTimeout is the ReadHeaderTimeout the suggested fix inserts (the
// read-header-timeout flag): how long a client may take to send its request
// headers; legitimate clients send them in well under a second.
var fixTimeout = 10 * time.Second

func run(pass *analysis.Pass) (any, error) {
	generated.SkipReports(pass)
	if !pkgdeps.Reaches(pass.Pkg, knowledge.NetHTTP) {
		return nil, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	stores, _ := pass.ResultOf[structlit.StoresAnalyzer].(*structlit.Stores)
	// One finding per root cause: the serve calls of one function (or of a
	// type's methods) are one decision, each server literal its own.
	r := rootcause.New(pass)
	defer r.Flush()
	nodeTypes := []ast.Node{(*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil), (*ast.CompositeLit)(nil)}
	if dotImports(pass.Files, knowledge.NetHTTP) {
		// ListenAndServe unqualified: every identifier is a candidate.
		nodeTypes = append(nodeTypes, (*ast.Ident)(nil))
	}
	for cur := range insp.Root().Preorder(nodeTypes...) {
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			if name := serveFunc(pass.TypesInfo, n.Fun); name != "" && !servesLocally(pass.TypesInfo, stores, name, n) {
				r.Report(name, analysis.Diagnostic{Pos: n.Pos(), End: n.End(), Message: serveMessage(name)})
			}
		case *ast.SelectorExpr, *ast.Ident:
			checkFuncValue(pass, r, cur, n.(ast.Expr))
		case *ast.CompositeLit:
			checkServerLit(pass, r, stores, cur, n)
		}
	}
	return nil, nil
}

// serveFunc returns "http.ListenAndServe" and so on when e refers to one
// of the serve functions of net/http, or "".
func serveFunc(info *types.Info, e ast.Expr) string {
	var obj types.Object
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj = info.Uses[e]
	case *ast.SelectorExpr:
		if info.Selections[e] != nil {
			return "" // a method, not a package function
		}
		obj = info.Uses[e.Sel]
	}
	fn, _ := obj.(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != knowledge.NetHTTP || !knowledge.HTTPServeFuncs[fn.Name()] || fn.Signature().Recv() != nil {
		return ""
	}
	return "http." + fn.Name()
}

// checkFuncValue reports a serve function taken as a value
// (serve := http.ListenAndServe, run(http.ListenAndServe)) where it is
// taken: the calls through the value are not traced.
func checkFuncValue(pass *analysis.Pass, r *rootcause.Reporter, cur inspector.Cursor, e ast.Expr) {
	if _, ok := cur.Parent().Node().(*ast.SelectorExpr); ok {
		return // the Sel of http.ListenAndServe: the selector is checked
	}
	name := serveFunc(pass.TypesInfo, e)
	if name == "" {
		return
	}
	parent := cur.Parent()
	for {
		if _, ok := parent.Node().(*ast.ParenExpr); !ok {
			break
		}
		parent = parent.Parent()
	}
	if call, ok := parent.Node().(*ast.CallExpr); ok && ast.Unparen(call.Fun) == e {
		return // reported as a call
	}
	r.Report(name, analysis.Diagnostic{Pos: e.Pos(), End: e.End(), Message: serveMessage(name)})
}

// servesLocally reports a serve call that is not reachable from the
// network: ListenAndServe on a loopback address, or Serve on a listener
// bound to loopback or to a Unix domain socket (an admin or debug endpoint
// of the program itself).
func servesLocally(info *types.Info, stores *structlit.Stores, name string, call *ast.CallExpr) bool {
	if len(call.Args) == 0 {
		return false
	}
	switch name {
	case "http.ListenAndServe", "http.ListenAndServeTLS":
		return harness.LoopbackAddress(info, stores, call.Args[0])
	case "http.Serve", "http.ServeTLS":
		return harness.LocalListener(info, stores, call.Args[0])
	}
	return false
}

func serveMessage(name string) string {
	return name + " serves with an http.Server that has no read timeouts, so slow clients can hold connections forever; use an http.Server with ReadHeaderTimeout set"
}

func checkServerLit(pass *analysis.Pass, r *rootcause.Reporter, stores *structlit.Stores, cur inspector.Cursor, lit *ast.CompositeLit) {
	info := pass.TypesInfo
	if !structlit.IsNamed(info.TypeOf(lit), knowledge.NetHTTP, "Server") {
		return
	}
	for _, f := range knowledge.HTTPServerReadTimeouts {
		if structlit.Sets(info, lit, f) {
			return
		}
	}
	dest := structlit.Destination(info, cur)
	for _, f := range dest.Fields {
		if f.Pkg() != nil && f.Pkg().Path() == knowledge.NetHTTPTest && !includeHTTPTest {
			return // the Config of an httptest.Server: a test's own loopback server
		}
	}
	for _, f := range knowledge.HTTPServerReadTimeouts {
		if structlit.AssignedLater(info, pass.Files, cur, dest, f) {
			return
		}
	}
	if bindsLocally(pass, stores, cur, lit, dest) {
		return
	}
	d := analysis.Diagnostic{
		Pos:     lit.Pos(),
		End:     lit.End(),
		Message: "http.Server sets neither ReadHeaderTimeout nor ReadTimeout, so a slow client can hold a connection forever; set ReadHeaderTimeout",
	}
	if fix, ok := headerTimeoutFix(pass, cur, lit); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	r.Report("", d) // each literal is a server of its own
}

func headerTimeoutFix(pass *analysis.Pass, cur inspector.Cursor, lit *ast.CompositeLit) (analysis.SuggestedFix, bool) {
	if structlit.Field(pass.TypesInfo, lit, "ReadHeaderTimeout") != nil {
		// An explicit ReadHeaderTimeout: 0 is a choice to keep, not a gap to fill.
		return analysis.SuggestedFix{}, false
	}
	var file *ast.File
	for f := range cur.Enclosing((*ast.File)(nil)) {
		file = f.Node().(*ast.File)
	}
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	name, importEdits, ok := fixes.Import(pass.Fset, pass.Pkg, pass.TypesInfo, file, lit.Rbrace, "time", "time")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	value := fixes.DurationExpr(fixTimeout, name, false)
	edit, ok := fixes.InsertField(pass.Fset, lit, "ReadHeaderTimeout", value)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "Set ReadHeaderTimeout: " + value,
		TextEdits: append([]analysis.TextEdit{edit}, importEdits...),
	}, true
}

func dotImports(files []*ast.File, path string) bool {
	for _, f := range files {
		for _, spec := range f.Imports {
			if spec.Name != nil && spec.Name.Name == "." && spec.Path.Value == strconv.Quote(path) {
				return true
			}
		}
	}
	return false
}
