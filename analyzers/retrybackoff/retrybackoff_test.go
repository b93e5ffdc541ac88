package retrybackoff_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/analyzers/retrybackoff"
	"github.com/nines-dev/nines/internal/analysis/knowledge/stubs"
)

func TestAnalyzer(t *testing.T) {
	dir := stubs.TestData(t, analysistest.TestData())
	analysistest.Run(t, dir, retrybackoff.Analyzer, "loops", "libs", "corpus", "polling", "generated", "jitterparam", "shapes", "stored", "once", "localfs", "mockserver", "servertest", "reconnect", "loopbackconfig", "supportcall", "stopcases", "successtail", "emptyresult", "jitterfield", "classified", "ptrbackoff", "ctorjitter")
}

// TestFacts checks the facts exported on helpers that compute or perform
// waits, which loops in other packages are judged by.
func TestFacts(t *testing.T) {
	dir := stubs.TestData(t, analysistest.TestData())
	analysistest.Run(t, dir, retrybackoff.WaitAnalyzer, "helpers")
}

// TestBrokenCode runs the analyzer over a package that does not
// type-check, as gopls and nines vet may; it must not panic.
func TestBrokenCode(t *testing.T) {
	a := *retrybackoff.Analyzer
	a.RunDespiteErrors = true
	analysistest.Run(t, stubs.TestData(t, analysistest.TestData()), &a, "broken")
}
