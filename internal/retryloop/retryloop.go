// Package retryloop recognises retries: loops that call something fallible and
// go around again when it fails, and closures or function values handed to a
// retry library. It is shared by retrybound, retrybackoff and retryidempotent
// through its Analyzer's result, so the three agree on what a retry is.
package retryloop

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// Analyzer finds the retries of a package. Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "retryloop",
	Doc:        "retryloop: find retry loops and retried closures (result only, reports nothing)",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	Run:        run,
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
	// ...), for Kind == Library.
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
	// attempt.
	Attempts []*ast.CallExpr
	// Enclosing is the function declaration or literal that contains the retry.
	Enclosing ast.Node
}

// Result lists the retries of a package in source order.
type Result struct {
	Retries []*Retry
}

func run(pass *analysis.Pass) (any, error) {
	return &Result{}, nil
}
