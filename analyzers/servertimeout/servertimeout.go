package servertimeout

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/ruledoc"
)

//go:embed doc.go
var doc []byte

// Analyzer is the servertimeout analysis pass.
var Analyzer = &analysis.Analyzer{
	Name: "servertimeout",
	Doc:  ruledoc.MustExtract(doc, "servertimeout"),
	URL:  ruledoc.URL("servertimeout"),
	Run:  run,
}

func run(pass *analysis.Pass) (any, error) {
	return nil, nil
}
