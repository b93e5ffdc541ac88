package dialtimeout

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/ruledoc"
)

//go:embed doc.go
var doc []byte

// Analyzer is the dialtimeout analysis pass.
var Analyzer = &analysis.Analyzer{
	Name: "dialtimeout",
	Doc:  ruledoc.MustExtract(doc, "dialtimeout"),
	URL:  ruledoc.URL("dialtimeout"),
	Run:  run,
}

func run(pass *analysis.Pass) (any, error) {
	return nil, nil
}
