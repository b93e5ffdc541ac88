// Package analyzers lists every Go analyzer of nines. Every driver (nines vet,
// go vet -vettool, golangci-lint, Bazel nogo, the playground) takes its list
// from All, so a new analyzer appears everywhere at once.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/analyzers/ctxdeadline"
	"github.com/nines-dev/nines/analyzers/dialtimeout"
	"github.com/nines-dev/nines/analyzers/httpclienttimeout"
	"github.com/nines-dev/nines/analyzers/retrybackoff"
	"github.com/nines-dev/nines/analyzers/retrybound"
	"github.com/nines-dev/nines/analyzers/retryidempotent"
	"github.com/nines-dev/nines/analyzers/servertimeout"
)

// All returns every analyzer, sorted by name. It returns a fresh slice so a
// driver may filter it; the analyzers themselves are shared.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		ctxdeadline.Analyzer,
		dialtimeout.Analyzer,
		httpclienttimeout.Analyzer,
		retrybackoff.Analyzer,
		retrybound.Analyzer,
		retryidempotent.Analyzer,
		servertimeout.Analyzer,
	}
}
