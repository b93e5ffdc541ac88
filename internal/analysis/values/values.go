// Package values follows the values the HTTP timeout analyzers ask about
// back to where they come from: whether an http.Client has a Timeout,
// whether a context carries a deadline, and whether the request a call
// sends was built or replaced with such a context. It answers from type
// information and the package's stores (structlit.Stores), and carries
// what other packages know through facts: a function that returns an
// http.Client with a Timeout on every path exports a BoundedClient fact,
// so a client from a constructor in a dependency is seen as bounded, and
// one that returns the client it is given exports a ClientParam fact, so
// the client a wrapper hands back is judged by the one passed in.
//
// Every answer is three-valued (structlit.Answer): Yes when every value
// the expression can have is bounded, No when every one is unbounded, and
// Unsure otherwise. Callers drop a finding on Yes and keep it on No; what
// they do on Unsure is their rule's choice.
//
// It is a Requires analyzer so that httpclienttimeout and ctxdeadline
// share one instance per package and the facts are computed once.
package values

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/pkgdeps"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// Analyzer computes the BoundedClient facts of a package and provides its
// *Values to the analyzers that require it. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:             "httpvalues",
	Doc:              "httpvalues: follow http clients, requests and contexts to their timeouts and deadlines (facts and result only, reports nothing)",
	Requires:         []*analysis.Analyzer{inspect.Analyzer, structlit.StoresAnalyzer},
	FactTypes:        []analysis.Fact{new(BoundedClient), new(ClientParam)},
	ResultType:       reflect.TypeFor[*Values](),
	RunDespiteErrors: true,
	Run:              run,
}

// BoundedClient is the fact of a function whose every return statement
// returns an http.Client (or a pointer to one) with a Timeout set.
type BoundedClient struct{}

// AFact marks BoundedClient as a fact.
func (*BoundedClient) AFact() {}

func (*BoundedClient) String() string { return "returns a client with a Timeout" }

// Answer is structlit's three-valued answer: Yes (bounded), No
// (unbounded), Unsure.
type Answer = structlit.Answer

// The answers.
const (
	Unsure = structlit.Unsure
	Yes    = structlit.Yes
	No     = structlit.No
)

// maxDepth bounds how far a value is followed through variables, fields,
// parameters and functions.
const maxDepth = 6

// Values answers the questions of one package. Its indexes are built on
// first use; it is safe for concurrent use.
type Values struct {
	pass   *analysis.Pass
	stores *structlit.Stores
	insp   *inspector.Inspector

	once sync.Once
	// funcs maps the functions and methods declared in the package to
	// their declarations.
	funcs map[*types.Func]*ast.FuncDecl
	// params maps each parameter of a declared function to its function.
	params map[*types.Var]*types.Func
	// calls lists the calls of each declared function; escapes marks
	// those also used other than by calling them (a function value).
	calls   map[*types.Func][]*ast.CallExpr
	escapes map[*types.Func]bool
	// defaultTimeout is set when the package assigns
	// http.DefaultClient.Timeout itself.
	defaultTimeout bool

	mu      sync.Mutex
	bounded map[*types.Func]Answer // BoundedClient of this package's functions, memoised
	passes  map[*types.Func]int    // ClientParam of this package's functions (-1: none), memoised
}

func run(pass *analysis.Pass) (any, error) {
	v := &Values{
		pass:    pass,
		stores:  pass.ResultOf[structlit.StoresAnalyzer].(*structlit.Stores),
		insp:    pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		bounded: make(map[*types.Func]Answer),
		passes:  make(map[*types.Func]int),
	}
	if !pkgdeps.Reaches(pass.Pkg, knowledge.NetHTTP) {
		return v, nil
	}
	// Export the facts of the functions that return a client.
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !returnsClient(pass.TypesInfo, fd) {
				continue
			}
			fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil {
				continue
			}
			if v.funcBounded(fn, 0) == Yes {
				pass.ExportObjectFact(fn, new(BoundedClient))
			} else if i := v.paramOf(fn, 0); i >= 0 {
				pass.ExportObjectFact(fn, &ClientParam{Index: i})
			}
		}
	}
	return v, nil
}

func returnsClient(info *types.Info, fd *ast.FuncDecl) bool {
	fn, _ := info.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return false
	}
	res := fn.Signature().Results()
	for i := range res.Len() {
		if isClient(res.At(i).Type()) {
			return true
		}
	}
	return false
}

func isClient(t types.Type) bool { return structlit.IsNamed(t, knowledge.NetHTTP, "Client") }

func (v *Values) index() { v.once.Do(v.build) }

func (v *Values) build() {
	info := v.pass.TypesInfo
	v.funcs = make(map[*types.Func]*ast.FuncDecl)
	v.params = make(map[*types.Var]*types.Func)
	v.calls = make(map[*types.Func][]*ast.CallExpr)
	v.escapes = make(map[*types.Func]bool)
	callee := make(map[*ast.Ident]bool)
	for _, f := range v.pass.Files {
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
					v.funcs[fn] = fd
					params := fn.Signature().Params()
					for i := range params.Len() {
						v.params[params.At(i)] = fn
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if fn, ok := typeutil.Callee(info, n).(*types.Func); ok {
					if fn.Pkg() == v.pass.Pkg {
						v.calls[fn.Origin()] = append(v.calls[fn.Origin()], n)
					}
					switch fun := structlit.StripInstance(ast.Unparen(n.Fun)).(type) {
					case *ast.Ident:
						callee[fun] = true
					case *ast.SelectorExpr:
						callee[fun.Sel] = true
					}
				}
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if isDefaultClientTimeout(info, lhs) {
						v.defaultTimeout = true
					}
				}
			}
			return true
		})
	}
	for id, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok && !callee[id] {
			v.escapes[fn.Origin()] = true
		}
	}
}

// isDefaultClientTimeout reports whether e is http.DefaultClient.Timeout.
func isDefaultClientTimeout(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Timeout" && IsDefaultClient(info, sel.X)
}

// IsDefaultClient reports whether e names http.DefaultClient itself.
func IsDefaultClient(info *types.Info, e ast.Expr) bool {
	var obj types.Object
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		obj = info.Uses[e.Sel]
	case *ast.Ident:
		obj = info.Uses[e]
	}
	dv, ok := obj.(*types.Var)
	return ok && dv.Pkg() != nil && dv.Pkg().Path() == knowledge.NetHTTP && dv.Name() == "DefaultClient"
}

// DefaultClientBounded reports whether the package sets
// http.DefaultClient.Timeout itself (in main or init), which bounds every
// request sent through it.
func (v *Values) DefaultClientBounded() bool {
	v.index()
	return v.defaultTimeout
}

// join combines the answers for the values one expression may have.
func join(answers ...Answer) Answer {
	if len(answers) == 0 {
		return Unsure
	}
	out := answers[0]
	for _, a := range answers[1:] {
		if a != out {
			return Unsure
		}
	}
	return out
}

// localVar returns the variable e names when its stores can all be seen:
// a local variable, or an unexported package variable.
func (v *Values) localVar(e ast.Expr) (*types.Var, *structlit.VarStores) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil, nil
	}
	obj, ok := v.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || obj.IsField() {
		return nil, nil
	}
	if k := obj.Kind(); k != types.LocalVar && k != types.PackageVar {
		return obj, nil
	}
	vs := v.stores.Of(obj)
	if vs == nil || vs.Opaque || len(vs.Values) == 0 {
		return obj, nil
	}
	return obj, vs
}

// callAt returns the call at the root of e, (f(x)) and f(x) alike.
func callAt(e ast.Expr) *ast.CallExpr {
	c, _ := ast.Unparen(e).(*ast.CallExpr)
	return c
}

// posOf returns where a store happens, for ordering it against a use.
func posOf(st structlit.Store) token.Pos {
	if st.Lhs != nil {
		return st.Lhs.Pos()
	}
	if st.Rhs != nil {
		return st.Rhs.Pos()
	}
	return token.NoPos
}
