package httpclienttimeout_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/analyzers/httpclienttimeout"
	"github.com/nines-dev/nines/internal/analysis/knowledge/stubs"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), httpclienttimeout.Analyzer,
		"a", "renamed", "dotimport", "generics", "wrapper/...", "regress", "generated", "values", "streams", "mainpkg", "loopback", "boundedsends")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), httpclienttimeout.Analyzer, "fix")
}

// TestTypeErrors runs the analyzer on a package that does not type-check:
// it must report what it can see and not panic.
func TestTypeErrors(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), httpclienttimeout.Analyzer, "broken")
}

// TestLibraries runs the analyzer on packages that use the library stubs.
func TestLibraries(t *testing.T) {
	analysistest.Run(t, stubs.TestData(t, analysistest.TestData()), httpclienttimeout.Analyzer, "oauth2use", "pflaglookup")
}
