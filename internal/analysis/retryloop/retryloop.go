// Package retryloop recognises retries: loops that call something fallible and
// go around again when it fails, and closures or function values handed to a
// retry library. It is shared by retrybound, retrybackoff and retryidempotent
// through its Analyzer's result, so the three agree on what a retry is.
//
// A loop is a retry when a call in it returns an error and
//
//   - on failure the loop goes around again (an explicit continue, possibly
//     labelled, or falling off the end of the body, possibly after waiting),
//   - on success the loop is left (return, break, a labelled continue of an
//     outer loop) or, in a state machine, moves to another state.
//
// The failure path may go around only when a classification of the error
// allows it, and give up otherwise: if err != nil { if retryable(err) {
// continue }; return err }, or, after the success has left,
// if err == nil { return nil }; if errors.As(err, &pgErr) && pgErr.Code ==
// "40P01" { time.Sleep(d); continue }; return err.
// A loop whose condition tests err != nil is a retry too, and so is one
// that goes around on an HTTP response's failing status (429, 5xx) and
// leaves on success (status.go says how a status test is read), and one
// whose condition goes around while what a call in it returned is empty
// (for len(t.Members) == 0 { t, err = fetch(ctx) ... }; == nil, == "";
// see emptyResult). On the failure path, a select with a case that goes
// around (case <-time.After(d): continue) goes around, as an if would,
// whatever its other cases do (case <-quit: return stops the retry).
// Range loops over channels, slices, maps, strings and iterators are never
// retries; range over an integer is treated like a counted for loop. Event
// loops that return on error, workers that log and carry on, and pollers
// that never stop on success are not retries.
//
// Nor are loops that try a new item each time around rather than repeat an
// attempt: an attempt on an element picked by a changing index, on a value
// the for statement's post statement moves to the next item
// (b = nextBroker()), on a value received from a channel or taken with a
// comma-ok, on a candidate made from the clock or a random number, or on
// an input the loop refuses to try twice (if idx == lastFailed { return }).
// Calls that transform an error (unwrap(err)) and the standard library's
// parsers (time.Parse, strconv) are not attempts: they fail the same way
// on the same input. Nor are the accessors of a wrapped error, methods
// Unwrap() error and Cause() error: a loop that goes around on what one
// returned (for err != nil { ...; err = c.Cause() }) walks down an
// error's chain of causes. Nor is a listener's Accept: an accept loop waits for
// the next client. The failure path is followed knowing the error is not
// nil, so if done || err != nil { return } leaves on it.
//
// A loop that never leaves on success is a retry of another kind when only
// its failure path waits, with the time package, before going around: a
// reconnect loop (Retry.Reconnect), which only retrybackoff judges.
package retryloop

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// Analyzer finds the retries of a package. Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "retryloop",
	Doc:        "retryloop: find retry loops and retried closures (result only, reports nothing)",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	// The recogniser tolerates missing type information, so analyzers that
	// run despite errors (gopls, nines vet on broken code) can require it.
	RunDespiteErrors: true,
	Run:              run,
}

// Kind says how a retry is written.
type Kind int

const (
	// Loop is a hand-written for or range loop.
	Loop Kind = iota
	// Library is a closure or function value passed to a retry library.
	Library
)

// Retry is one retry found in the package.
type Retry struct {
	Kind Kind
	// Pos is where diagnostics about the retry as a whole are reported: the
	// loop's for keyword, or the library call that starts retrying.
	Pos token.Pos
	// Loop is the *ast.ForStmt or *ast.RangeStmt, for Kind == Loop.
	Loop ast.Stmt
	// Call is the library call that starts retrying (backoff.Retry, retry.Do,
	// ...), for Kind == Library. For go-retryablehttp, which has no closure,
	// it is the call that sends through a *retryablehttp.Client (Do, Get,
	// Head, Post, PostForm): the client repeats that request itself.
	Call *ast.CallExpr
	// Library is the import path of the retry library, for Kind == Library.
	Library string
	// Body is what is repeated: the loop body, or the retried *ast.FuncLit's
	// body. It is nil when a function value declared elsewhere is retried.
	Body *ast.BlockStmt
	// Func is the retried function when a named function or method value is
	// passed to a library; nil otherwise.
	Func *types.Func
	// Attempts are the fallible calls of Body whose failure leads to another
	// attempt. For a library retry they are the calls of Body that return an
	// error; for go-retryablehttp, the sending call itself.
	Attempts []*ast.CallExpr
	// Enclosing is the function declaration or literal that contains the retry.
	Enclosing ast.Node

	// Label is the label of the loop, or "" (Kind == Loop).
	Label string
	// Goto is set for a loop written with a label and a backward goto
	// (retry: err = connect(); if err != nil { goto retry }). Loop is then
	// a ForStmt made up for it, with no condition, whose For is the label's
	// position and whose Body holds the labelled statement and those after
	// it up to the last one holding the goto, then a break: goto Label
	// starts the next attempt, and falling off the end leaves. The made-up
	// nodes are in no CFG and have no type information.
	Goto bool
	// Operation is the argument of Call that is retried (a *ast.FuncLit, a
	// function or method value, or a variable holding one); nil for
	// go-retryablehttp.
	Operation ast.Expr
	// Stack is the path of nodes from the file down to Loop or Call, both
	// included, as the inspector saw it. Callers use it to find enclosing
	// statements without another traversal.
	Stack []ast.Node
	// Reconnect is set for a loop meant to run until it is stopped that
	// retries a failing call after a wait: on failure it waits (time.Sleep,
	// time.After) and goes around, on success it goes around too, without
	// that wait (for { err := stream(ctx); if err != nil { log; sleep(d);
	// continue }; ... }). Nothing leaves it on success, so it is not a
	// bounded retry; but after an outage every client comes back at the
	// pace of that wait. Only retrybackoff judges these; the loop's other
	// checks, if any, made it a plain retry instead.
	Reconnect bool
	// InTest is set when the retry is test code: it is in a function that
	// is given a *testing.T, *testing.B, *testing.F or testing.TB, or in a
	// _test.go file outside an Example function (examples are
	// documentation that people copy). A test is the only client of the
	// fixture it polls, so rules about the load retries put on a shared
	// dependency may leave it alone.
	InTest bool
}

// Result lists the retries of a package in source order.
type Result struct {
	Retries []*Retry
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	res := &Result{}
	filter := []ast.Node{(*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.LabeledStmt)(nil), (*ast.CallExpr)(nil)}
	insp.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		enclosing := enclosingFunc(stack)
		if enclosing == nil {
			return true
		}
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if r := findLoop(pass, n.(ast.Stmt), labelOf(stack)); r != nil {
				r.Enclosing = enclosing
				r.Stack = append([]ast.Node(nil), stack...)
				r.InTest = inTest(pass, stack)
				res.Retries = append(res.Retries, r)
			}
		case *ast.LabeledStmt:
			if r := findGotoLoop(pass, n, stack); r != nil {
				r.Enclosing = enclosing
				r.Stack = append(append([]ast.Node(nil), stack...), r.Loop)
				r.InTest = inTest(pass, stack)
				res.Retries = append(res.Retries, r)
			}
		case *ast.CallExpr:
			if r := findLibrary(pass, n, enclosing); r != nil {
				r.Enclosing = enclosing
				r.Stack = append([]ast.Node(nil), stack...)
				r.InTest = inTest(pass, stack)
				res.Retries = append(res.Retries, r)
			}
		}
		return true
	})
	return res, nil
}

func enclosingFunc(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return stack[i]
		}
	}
	return nil
}

// inTest reports whether the node at the top of stack is test code; see
// Retry.InTest.
func inTest(pass *analysis.Pass, stack []ast.Node) bool {
	for _, n := range stack {
		var ft *ast.FuncType
		switch f := n.(type) {
		case *ast.FuncDecl:
			ft = f.Type
		case *ast.FuncLit:
			ft = f.Type
		}
		if ft != nil && ft.Params != nil && pass.TypesInfo != nil {
			for _, field := range ft.Params.List {
				if isTestingType(pass.TypesInfo.TypeOf(field.Type)) {
					return true
				}
			}
		}
	}
	if len(stack) == 0 || pass.Fset == nil {
		return false
	}
	file := pass.Fset.File(stack[0].Pos())
	if file == nil || !strings.HasSuffix(file.Name(), "_test.go") {
		return false
	}
	for _, n := range stack {
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Example") {
			return false
		}
	}
	return true
}

// isTestingType reports *testing.T, *testing.B, *testing.F and testing.TB.
func isTestingType(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "testing" {
		return false
	}
	switch named.Obj().Name() {
	case "T", "B", "F", "TB":
		return true
	}
	return false
}

func labelOf(stack []ast.Node) string {
	if len(stack) >= 2 {
		if l, ok := stack[len(stack)-2].(*ast.LabeledStmt); ok && l.Label != nil {
			return l.Label.Name
		}
	}
	return ""
}

// ReturnsError reports whether the call's last result is of type error.
func ReturnsError(info *types.Info, call *ast.CallExpr) bool {
	if info == nil {
		return false
	}
	tv, ok := info.Types[call]
	if !ok || tv.Type == nil || tv.IsType() || tv.IsBuiltin() {
		return false
	}
	t := tv.Type
	if tuple, ok := t.(*types.Tuple); ok {
		if tuple.Len() == 0 {
			return false
		}
		t = tuple.At(tuple.Len() - 1).Type()
	}
	return isError(t)
}

// wrapsError reports calls that build or wrap an error rather than attempt
// anything: errors.New, fmt.Errorf, the retry libraries' own markers
// (backoff.Permanent, retry.RetryableError, retry.Unrecoverable), and any
// function of an error that returns only an error (unwrap(err),
// err.Unwrap(), classify(err)): it transforms the error it is given.
// Deterministic parsers and converters of the standard library are not
// attempts either: given the same input they fail the same way, so a loop
// that goes around when one fails is trying other input, not retrying.
func wrapsError(info *types.Info, call *ast.CallExpr) bool {
	pkg, name, fn := knowledge.Callee(info, call)
	if lib := knowledge.LookupRetryLibrary(pkg); lib != nil && lib.MarksErrors {
		return true
	}
	switch pkg {
	case "errors":
		return true
	case "fmt":
		return name == "Errorf" || strings.HasPrefix(name, "Sscan")
	case "strconv", "net/netip", "regexp", "encoding/json", "encoding/xml", "encoding/base64", "encoding/hex", "encoding/binary", "unicode/utf8":
		return true
	case "time":
		return strings.HasPrefix(name, "Parse")
	case "net/url", "net/mail", "mime":
		return strings.HasPrefix(name, "Parse")
	case "net":
		return strings.HasPrefix(name, "Parse")
	}
	return transformsError(info, call, fn) || causeAccessor(fn)
}

// causeAccessor reports a method Unwrap() error or Cause() error: by the
// convention errors.Unwrap and github.com/pkg/errors.Cause rely on, it
// returns the error its receiver wraps. A loop that goes around on what it
// returned (for err != nil { ...; err = c.Cause() }) walks down a finite
// chain of causes, repeating nothing. A method of those names that takes
// arguments or returns more than an error is an ordinary call.
func causeAccessor(fn *types.Func) bool {
	if fn == nil || (fn.Name() != "Unwrap" && fn.Name() != "Cause") {
		return false
	}
	sig := fn.Signature()
	return sig.Recv() != nil && sig.Params().Len() == 0 && sig.Results().Len() == 1 && isError(sig.Results().At(0).Type())
}

// accepts reports a listener's Accept (or AcceptTCP, AcceptUnix ...): a
// method whose name starts with Accept, of a value that also has the Addr
// and Close methods of a net.Listener. It waits for the next client rather
// than calling anything, so a loop that goes around when it fails is a
// server's accept loop, not a retry: there is no dependency to hammer.
func accepts(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !strings.HasPrefix(sel.Sel.Name, "Accept") {
		return false
	}
	t := info.TypeOf(sel.X)
	if t == nil {
		return false
	}
	for _, m := range []string{"Addr", "Close"} {
		if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, m); obj == nil {
			return false
		} else if _, isFunc := obj.(*types.Func); !isFunc {
			return false
		}
	}
	return true
}

// transformsError reports a call given an error, as receiver or argument,
// whose only result is an error.
func transformsError(info *types.Info, call *ast.CallExpr, fn *types.Func) bool {
	tv, ok := info.Types[call]
	if !ok || !isError(tv.Type) {
		return false
	}
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok && fn != nil && fn.Signature().Recv() != nil {
		if isError(info.TypeOf(sel.X)) {
			return true
		}
	}
	for _, a := range call.Args {
		if isError(info.TypeOf(a)) {
			return true
		}
	}
	return false
}

var errorType = types.Universe.Lookup("error").Type()

func isError(t types.Type) bool {
	return t != nil && types.Identical(t, errorType)
}

// IsContext reports a context.Context, or a type that carries one by
// embedding it (type Ctx struct{ context.Context; ... }, or a pointer to
// it): its Done and Err are the embedded context's, so it ends a wait or
// bounds a retry as the context would.
func IsContext(t types.Type) bool {
	if t == nil {
		return false
	}
	if named, ok := types.Unalias(t).(*types.Named); ok {
		obj := named.Obj()
		if obj.Pkg() != nil && obj.Pkg().Path() == "context" && obj.Name() == "Context" {
			return true
		}
	}
	for _, name := range []string{"Done", "Err"} {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
			return false
		}
	}
	return true
}
