package structlit

import (
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// StoresAnalyzer provides the package's *Stores to the analyzers that
// require it, so that dialtimeout and ctxdeadline share one index per
// package. The index is built lazily, on the first question that needs it.
var StoresAnalyzer = &analysis.Analyzer{
	Name:             "stores",
	Doc:              "stores: index the values stored into variables and fields (result only, reports nothing)",
	ResultType:       reflect.TypeFor[*Stores](),
	RunDespiteErrors: true,
	Run: func(pass *analysis.Pass) (any, error) {
		return IndexStores(pass.Pkg, pass.TypesInfo, pass.Files), nil
	},
}
