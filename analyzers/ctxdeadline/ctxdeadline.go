package ctxdeadline

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/ruledoc"
)

//go:embed doc.go
var doc []byte

// Analyzer is the ctxdeadline analysis pass.
var Analyzer = &analysis.Analyzer{
	Name: "ctxdeadline",
	Doc:  ruledoc.MustExtract(doc, "ctxdeadline"),
	URL:  ruledoc.URL("ctxdeadline"),
	Run:  run,
}

func run(pass *analysis.Pass) (any, error) {
	return nil, nil
}
