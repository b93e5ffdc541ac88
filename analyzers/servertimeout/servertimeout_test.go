package servertimeout_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/analyzers/servertimeout"
	"github.com/nines-dev/nines/internal/analysis/knowledge/stubs"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), servertimeout.Analyzer,
		"a", "renamed", "dotimport", "generics", "wrapper/...", "httptestconfig", "regress", "generated", "loopbackbind", "rootcause")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), servertimeout.Analyzer, "fix")
}

// TestTypeErrors runs the analyzer on a package that does not type-check:
// it must report what it can see and not panic.
func TestTypeErrors(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), servertimeout.Analyzer, "broken")
}

// TestHTTPTestFlag checks that -httptest reports the servers of httptest,
// which are skipped by default (see httptestconfig).
func TestHTTPTestFlag(t *testing.T) {
	flags := &servertimeout.Analyzer.Flags
	if err := flags.Set("httptest", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = flags.Set("httptest", "false") })
	analysistest.Run(t, analysistest.TestData(), servertimeout.Analyzer, "httptestincluded")
}

// TestLibraries runs the analyzer on packages that use the library stubs:
// address flags registered with spf13/pflag (knowledge.StringFlags).
func TestLibraries(t *testing.T) {
	analysistest.Run(t, stubs.TestData(t, analysistest.TestData()), servertimeout.Analyzer, "pflagbind")
}
