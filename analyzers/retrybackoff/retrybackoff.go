package retrybackoff

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/ruledoc"
)

//go:embed doc.go
var doc []byte

// Analyzer is the retrybackoff analysis pass.
var Analyzer = &analysis.Analyzer{
	Name: "retrybackoff",
	Doc:  ruledoc.MustExtract(doc, "retrybackoff"),
	URL:  ruledoc.URL("retrybackoff"),
	Run:  run,
}

func run(pass *analysis.Pass) (any, error) {
	return nil, nil
}
