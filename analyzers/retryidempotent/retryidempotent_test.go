package retryidempotent_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/analyzers/retryidempotent"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), retryidempotent.Analyzer,
		"payments", "checkout", "loops", "libs", "sqlops")
}
