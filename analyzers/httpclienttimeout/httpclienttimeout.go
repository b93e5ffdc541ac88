package httpclienttimeout

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/ruledoc"
)

//go:embed doc.go
var doc []byte

// Analyzer is the httpclienttimeout analysis pass.
var Analyzer = &analysis.Analyzer{
	Name: "httpclienttimeout",
	Doc:  ruledoc.MustExtract(doc, "httpclienttimeout"),
	URL:  ruledoc.URL("httpclienttimeout"),
	Run:  run,
}

func run(pass *analysis.Pass) (any, error) {
	return nil, nil
}
