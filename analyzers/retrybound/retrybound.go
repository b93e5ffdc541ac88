package retrybound

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/ruledoc"
)

//go:embed doc.go
var doc []byte

// Analyzer is the retrybound analysis pass.
var Analyzer = &analysis.Analyzer{
	Name: "retrybound",
	Doc:  ruledoc.MustExtract(doc, "retrybound"),
	URL:  ruledoc.URL("retrybound"),
	Run:  run,
}

func run(pass *analysis.Pass) (any, error) {
	return nil, nil
}
