package servertimeout_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/analyzers/servertimeout"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), servertimeout.Analyzer,
		"a", "renamed", "dotimport", "generics", "wrapper/...", "testserver", "regress")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), servertimeout.Analyzer, "fix")
}

// TestTypeErrors runs the analyzer on a package that does not type-check:
// it must report what it can see and not panic.
func TestTypeErrors(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), servertimeout.Analyzer, "broken")
}
