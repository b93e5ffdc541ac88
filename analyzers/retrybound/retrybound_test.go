package retrybound_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/analyzers/retrybound"
	"github.com/nines-dev/nines/internal/analysis/knowledge/stubs"
)

func TestAnalyzer(t *testing.T) {
	dir := stubs.TestData(t, analysistest.TestData())
	analysistest.Run(t, dir, retrybound.Analyzer, "loops", "libs", "polling", "generated", "counts", "supervisor", "reconnect", "testhelpers", "testify", "ctxembed", "localwait", "selfpoll", "fallback")
}

// TestMaxAttempts checks that the flag moves the limit: with 10 allowed,
// the caps of 6 to 10 in the fixture are accepted and 11 is not.
func TestMaxAttempts(t *testing.T) {
	dir := stubs.TestData(t, analysistest.TestData())
	if err := retrybound.Analyzer.Flags.Set("max-attempts", "10"); err != nil {
		t.Fatal(err)
	}
	defer retrybound.Analyzer.Flags.Set("max-attempts", "5")
	analysistest.Run(t, dir, retrybound.Analyzer, "maxattempts")
}

// TestBrokenCode runs the analyzer over a package that does not
// type-check, as gopls and nines vet may; it must not panic.
func TestBrokenCode(t *testing.T) {
	a := *retrybound.Analyzer
	a.RunDespiteErrors = true
	analysistest.Run(t, stubs.TestData(t, analysistest.TestData()), &a, "broken")
}
