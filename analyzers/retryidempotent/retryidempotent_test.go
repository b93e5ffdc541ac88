package retryidempotent_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/analyzers/retryidempotent"
	"github.com/nines-dev/nines/internal/analysis/knowledge/stubs"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, stubs.TestData(t, analysistest.TestData()), retryidempotent.Analyzer,
		"payments", "checkout", "retryutil", "loops", "libs", "sqlops", "restycases", "generated", "messages", "dynamic", "branchkey", "billing", "answered")
}

// TestIllTyped runs the analyzer, and the retry recogniser it needs, on a
// package that does not type-check: as in the playground and in editors,
// it must report what it can and never panic.
func TestIllTyped(t *testing.T) {
	a := *retryidempotent.Analyzer
	a.RunDespiteErrors = true
	for _, req := range a.Requires {
		if !req.RunDespiteErrors {
			defer func(r *analysis.Analyzer) { r.RunDespiteErrors = false }(req)
			req.RunDespiteErrors = true
		}
	}
	analysistest.Run(t, stubs.TestData(t, analysistest.TestData()), &a, "broken")
}
