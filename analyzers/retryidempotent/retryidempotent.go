package retryidempotent

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/ruledoc"
)

//go:embed doc.go
var doc []byte

// Analyzer is the retryidempotent analysis pass.
var Analyzer = &analysis.Analyzer{
	Name: "retryidempotent",
	Doc:  ruledoc.MustExtract(doc, "retryidempotent"),
	URL:  ruledoc.URL("retryidempotent"),
	Run:  run,
}

func run(pass *analysis.Pass) (any, error) {
	return nil, nil
}
