package ctxdeadline_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/analyzers/ctxdeadline"
	"github.com/nines-dev/nines/internal/analysis/knowledge/stubs"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, stubs.TestData(t, analysistest.TestData()), ctxdeadline.Analyzer, "ctxdeadline", "noimports", "generated", "sqlitelocal", "sqliteopen", "sqlitemixed", "wrapped", "proxytest", "loopback")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, stubs.TestData(t, analysistest.TestData()), ctxdeadline.Analyzer, "sqlfix")
}

// TestBrokenCode runs the analyzer over a package that does not
// type-check, as gopls and nines vet may; it must not panic.
func TestBrokenCode(t *testing.T) {
	a := *ctxdeadline.Analyzer
	a.RunDespiteErrors = true
	analysistest.Run(t, stubs.TestData(t, analysistest.TestData()), &a, "broken")
}
