package dialtimeout

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/nines-dev/nines/internal/analysis/fixes"
	"github.com/nines-dev/nines/internal/analysis/generated"
	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/rootcause"
	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

//go:embed doc.go
var doc []byte

// Analyzer is the dialtimeout analysis pass.
var Analyzer = &analysis.Analyzer{
	Name:     "dialtimeout",
	Doc:      ruledoc.MustExtract(doc, "dialtimeout"),
	URL:      ruledoc.URL("dialtimeout"),
	Requires: []*analysis.Analyzer{generated.Analyzer, inspect.Analyzer, structlit.StoresAnalyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	generated.SkipReports(pass)
	if !importsRelevant(pass) {
		return nil, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	stores := pass.ResultOf[structlit.StoresAnalyzer].(*structlit.Stores)
	// One finding per root cause: the sites of one untimed API, or of one
	// dialer, in a function or in the methods of a type.
	r := rootcause.New(pass)
	defer r.Flush()
	c := &checker{pass: pass, stores: stores}

	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if v, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Var); ok && !mayHoldDial(v) {
			continue // a callback: following it would index the package for nothing
		}
		rc, ok := stores.ResolveCall(call)
		if !ok || rc.Func.Pkg() == nil {
			continue
		}
		fn := rc.Func
		path, name := fn.Pkg().Path(), fn.Name()
		if !c.mayReport(fn) {
			continue // nothing below applies: no need to read its address
		}
		if dialsLocal(pass, stores, fn, rc) {
			continue
		}
		c.checkDialerArgs(r, call, rc)
		isMethod := fn.Signature().Recv() != nil
		if d, ok := untimedDial(fn); ok {
			r.Report(apiKey(fn), analysis.Diagnostic{
				Pos:     call.Pos(),
				End:     call.End(),
				Message: fmt.Sprintf("%s.%s has no timeout, so connecting can wait as long as the operating system does; %s", fn.Pkg().Name(), fn.Name(), d.Hint),
			})
			continue
		}
		switch {
		case path == knowledge.Net && !isMethod && name == "Dial":
			d := analysis.Diagnostic{
				Pos:     call.Pos(),
				End:     call.End(),
				Message: "net.Dial has no timeout, so connecting can wait as long as the operating system does; use net.DialTimeout or a net.Dialer with Timeout set",
			}
			if fix, ok := dialTimeoutFix(pass, call, rc); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
			r.Report(apiKey(fn), d)

		case path == knowledge.Net && !isMethod && name == "DialTimeout" && len(rc.Args) == 3:
			// The timeout read from an options field nothing here sets is
			// zero, which DialTimeout takes for no timeout.
			if f, unset := stores.UnsetValue(rc.Args[2]); unset {
				r.Report(apiKey(fn), analysis.Diagnostic{
					Pos:     rc.Args[2].Pos(),
					End:     rc.Args[2].End(),
					Message: fmt.Sprintf("net.DialTimeout's timeout comes from %s, which nothing in this package sets, so it is 0 (no timeout) unless every caller sets it; give %s a default", f.Name(), f.Name()),
				})
			}

		case path == knowledge.CryptoTLS && !isMethod && name == "Dial":
			r.Report(apiKey(fn), analysis.Diagnostic{
				Pos:     call.Pos(),
				End:     call.End(),
				Message: "tls.Dial has no timeout, so the connect and the TLS handshake can wait forever; use tls.DialWithDialer with a net.Dialer that sets Timeout",
			})

		case path == knowledge.CryptoTLS && !isMethod && name == "DialWithDialer":
			if len(rc.Args) == 0 || !c.untimedNetDialer(rc.Args[0]) {
				continue
			}
			r.Report(dialerKey(pass.TypesInfo, rc.Args[0]), analysis.Diagnostic{
				Pos:     call.Pos(),
				End:     call.End(),
				Message: "tls.DialWithDialer with a net.Dialer that sets neither Timeout nor Deadline can wait forever for the connect and the TLS handshake; set the dialer's Timeout",
			})

		case name == "Dial" && isMethodOf(fn, knowledge.Net, "Dialer"):
			if rc.Recv == nil || !c.untimedNetDialer(rc.Recv) {
				continue
			}
			r.Report(dialerKey(pass.TypesInfo, rc.Recv), analysis.Diagnostic{
				Pos:     call.Pos(),
				End:     call.End(),
				Message: "(*net.Dialer).Dial on a dialer that sets neither Timeout nor Deadline can wait as long as the operating system does to connect; set the dialer's Timeout",
			})

		case name == "Dial" && isMethodOf(fn, knowledge.CryptoTLS, "Dialer"):
			// With no NetDialer, tls.Dialer dials with a zero net.Dialer.
			if rc.Recv == nil || stores.SetsAnyField(rc.Recv, knowledge.CryptoTLS, "Dialer", knowledge.TLSDialerNetDialer) != structlit.No {
				continue
			}
			r.Report(dialerKey(pass.TypesInfo, rc.Recv), analysis.Diagnostic{
				Pos:     call.Pos(),
				End:     call.End(),
				Message: "(*tls.Dialer).Dial with no NetDialer has no timeout, so the connect and the TLS handshake can wait forever; set NetDialer to a net.Dialer with Timeout",
			})

		case name == "Dial" && c.proxyDirect(rc.Recv):
			r.Report(apiKey(fn), analysis.Diagnostic{
				Pos:     call.Pos(),
				End:     call.End(),
				Message: "this proxy dialer connects through proxy.Direct, which calls net.Dial with no timeout, so connecting can wait as long as the operating system does; pass a net.Dialer with Timeout set as the forward dialer",
			})
		}
	}
	return nil, nil
}

// mayReport reports whether a call of fn is one the checks below may
// report: a dial named Dial, DialTimeout or DialWithDialer, an untimed
// dial of knowledge.UntimedDials, or a function of this package that dials
// with a dialer it is given.
func (c *checker) mayReport(fn *types.Func) bool {
	switch fn.Name() {
	case "Dial", "DialTimeout", "DialWithDialer":
		return true
	}
	if _, ok := untimedDial(fn); ok {
		return true
	}
	return fn.Pkg() == c.pass.Pkg && slices.Contains(c.dialsWithParams(fn), true)
}

// mayHoldDial reports whether a function variable has the signature of a
// dial this analyzer checks (a network and an address, then possibly a
// tls.Config; a net.Conn or *tls.Conn result), so it is worth following
// to what it holds.
func mayHoldDial(v *types.Var) bool {
	sig, ok := v.Type().Underlying().(*types.Signature)
	if !ok || sig.Results().Len() != 2 {
		return false
	}
	r := sig.Results().At(0).Type()
	return structlit.IsNamed(r, knowledge.Net, "Conn") || structlit.IsNamed(r, knowledge.CryptoTLS, "Conn")
}

// fixTimeout is the timeout the suggested fix passes to net.DialTimeout
// (the timeout flag): a placeholder for the dependency's connect latency,
// p99 plus 20%.
var fixTimeout = 10 * time.Second

func init() {
	Analyzer.Flags.Var(fixes.Duration{D: &fixTimeout}, "timeout",
		"the timeout the suggested fix passes to net.DialTimeout")
}

// dialTimeoutFix rewrites net.Dial(n, a) to net.DialTimeout(n, a,
// 10*time.Second), keeping the name the file gives the net package and
// using (or adding) its import of time. It is offered only where net.Dial
// is named at the call with two arguments; a call through a variable
// cannot be renamed.
func dialTimeoutFix(pass *analysis.Pass, call *ast.CallExpr, rc structlit.Call) (analysis.SuggestedFix, bool) {
	if !rc.Named || len(call.Args) != 2 || call.Ellipsis.IsValid() {
		return analysis.SuggestedFix{}, false
	}
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.Ident: // a dot import
		id = fun
	default:
		return analysis.SuggestedFix{}, false
	}
	file := fileOf(pass, call.Pos())
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	timeName, importEdits, ok := fixes.Import(pass.Fset, pass.Pkg, pass.TypesInfo, file, call.Pos(), "time", "time")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	last := call.Args[len(call.Args)-1]
	edits := []analysis.TextEdit{
		{Pos: id.Pos(), End: id.End(), NewText: []byte("DialTimeout")},
		{Pos: last.End(), End: last.End(), NewText: []byte(", " + fixes.DurationExpr(fixTimeout, timeName, true))},
	}
	edits = append(edits, importEdits...)
	return analysis.SuggestedFix{
		Message:   "use net.DialTimeout with a timeout of " + fixes.DurationExpr(fixTimeout, timeName, true),
		TextEdits: edits,
	}, true
}

// dialsLocal reports whether a dial has nothing worth a timeout: its
// network is a constant naming a Unix domain socket
// (knowledge.LocalNetwork) or a network on which dialing sends nothing
// (knowledge.DatagramNetwork), or its address names a loopback host
// (harness.LoopbackAddress), a process on this machine, often the program's
// own admin or agent port. A network or address that is not written in the
// code is checked.
func dialsLocal(pass *analysis.Pass, stores *structlit.Stores, fn *types.Func, rc structlit.Call) bool {
	i := 0
	if fn.Name() == "DialWithDialer" {
		i = 1 // after the dialer
	}
	d, untimed := untimedDial(fn)
	if untimed {
		i = d.Network
	}
	if i >= len(rc.Args) {
		return false
	}
	if i >= 0 {
		tv, ok := pass.TypesInfo.Types[rc.Args[i]]
		if ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			network := constant.StringVal(tv.Value)
			if knowledge.LocalNetwork(network) || knowledge.DatagramNetwork(network) || network == "" && untimed && d.EmptyIsLocal {
				return true
			}
		}
	}
	// The address is the string after the network (or the first string,
	// for a dial that always uses TCP).
	for j := i + 1; j < len(rc.Args); j++ {
		if t := pass.TypesInfo.TypeOf(rc.Args[j]); t != nil {
			if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
				return harness.LoopbackAddress(pass.TypesInfo, stores, rc.Args[j])
			}
			return false
		}
	}
	return false
}

// apiKey is the root cause of the sites of one untimed API: each is
// bounded the same way.
func apiKey(fn *types.Func) string { return "api " + fn.FullName() }

// dialerKey is the root cause of the dials on one dialer: the variable or
// field holding it, else the expression.
func dialerKey(info *types.Info, e ast.Expr) string {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	var obj types.Object
	switch x := e.(type) {
	case *ast.Ident:
		obj = info.Uses[x]
	case *ast.SelectorExpr:
		obj = info.Uses[x.Sel]
	}
	if obj != nil {
		return fmt.Sprintf("dialer %s %d", obj.Name(), obj.Pos())
	}
	return "dialer " + types.ExprString(e)
}

// untimedDial returns the knowledge entry of fn when it is a package-level
// function listed in knowledge.UntimedDials.
func untimedDial(fn *types.Func) (knowledge.UntimedDial, bool) {
	if fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return knowledge.UntimedDial{}, false
	}
	for _, d := range knowledge.UntimedDials {
		if d.Path == fn.Pkg().Path() && d.Name == fn.Name() {
			return d, true
		}
	}
	return knowledge.UntimedDial{}, false
}

func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

func isMethodOf(fn *types.Func, path, name string) bool {
	recv := fn.Signature().Recv()
	return recv != nil && structlit.IsNamed(recv.Type(), path, name)
}

// importsRelevant reports whether the package, or a package it imports,
// imports net or crypto/tls. One level of indirection covers a dialer
// reached through another package's type.
func importsRelevant(pass *analysis.Pass) bool {
	relevant := func(path string) bool { return path == knowledge.Net || path == knowledge.CryptoTLS }
	for _, imp := range pass.Pkg.Imports() {
		if relevant(imp.Path()) {
			return true
		}
		for _, imp2 := range imp.Imports() {
			if relevant(imp2.Path()) {
				return true
			}
		}
	}
	return false
}
