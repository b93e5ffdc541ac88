package httpclienttimeout_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/analyzers/httpclienttimeout"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), httpclienttimeout.Analyzer,
		"a", "renamed", "dotimport", "generics", "wrapper/...", "regress", "generated", "values", "streams", "mainpkg", "loopback")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), httpclienttimeout.Analyzer, "fix")
}

// TestTypeErrors runs the analyzer on a package that does not type-check:
// it must report what it can see and not panic.
func TestTypeErrors(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), httpclienttimeout.Analyzer, "broken")
}
