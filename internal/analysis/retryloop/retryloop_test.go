package retryloop_test

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/internal/analysis/knowledge/stubs"
	"github.com/nines-dev/nines/internal/analysis/retryloop"
)

// reporter turns the recogniser's result into diagnostics: one at each
// retry's position and one at each attempt, so the fixtures can say with
// `// want` exactly what was recognised.
var reporter = &analysis.Analyzer{
	Name:     "retryreport",
	Doc:      "report what retryloop recognises",
	Requires: []*analysis.Analyzer{retryloop.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[retryloop.Analyzer].(*retryloop.Result)
		for _, r := range res.Retries {
			switch r.Kind {
			case retryloop.Loop:
				label := ""
				if r.Label != "" {
					label = " " + r.Label
				}
				pass.Reportf(r.Pos, "retry loop%s", label)
			case retryloop.Library:
				what := "closure"
				switch {
				case r.Func != nil:
					what = "func " + r.Func.Name()
				case r.Body == nil:
					what = "no closure"
				}
				pass.Reportf(r.Pos, "retry by %s: %s", r.Library, what)
			}
			if r.Enclosing == nil || len(r.Stack) == 0 {
				pass.Reportf(r.Pos, "retry without enclosing function or stack")
			}
			for _, a := range r.Attempts {
				if r.Kind == retryloop.Library && r.Body == nil {
					continue
				}
				pass.Reportf(a.Pos(), "attempt %s", types.ExprString(a.Fun))
			}
		}
		return nil, nil
	},
}

func TestRecogniser(t *testing.T) {
	dir := stubs.TestData(t, analysistest.TestData())
	analysistest.Run(t, dir, reporter, "loops", "libs", "corpus", "status", "acceptloop", "selectwait", "emptyresult", "causechain", "classified")
}

// TestBrokenCode runs the recogniser over a package that does not
// type-check, as gopls and nines vet may; it must not panic.
func TestBrokenCode(t *testing.T) {
	r := *reporter
	r.RunDespiteErrors = true
	analysistest.Run(t, stubs.TestData(t, analysistest.TestData()), &r, "broken")
}
