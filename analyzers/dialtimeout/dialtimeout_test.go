package dialtimeout_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/analyzers/dialtimeout"
	"github.com/nines-dev/nines/internal/analysis/knowledge/stubs"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, stubs.TestData(t, analysistest.TestData()), dialtimeout.Analyzer, "dialtimeout", "generated", "networks", "moredials", "heldvalues", "proxydial", "loopback", "rootcause")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), dialtimeout.Analyzer, "dialfix", "dialfixrenamed")
}

// TestBrokenCode runs the analyzer over a package that does not
// type-check, as gopls and nines vet may; it must not panic.
func TestBrokenCode(t *testing.T) {
	a := *dialtimeout.Analyzer
	a.RunDespiteErrors = true
	analysistest.Run(t, analysistest.TestData(), &a, "broken")
}
