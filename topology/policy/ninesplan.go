//go:build ninesplan

package policy

import (
	"context"
	_ "embed" // the prepared policies
	"sync"
)

// This build (tag ninesplan, the playground's light topology worker)
// evaluates the built-in rules and the demo policy from plan.json with
// package planeval and links no OPA package.

//go:embed plan.json
var planJSON []byte

var planned = sync.OnceValues(func() (func(context.Context, any, Options) ([]Finding, error), error) {
	return PlannedEvaluator(planJSON)
})

// Evaluate runs the rules over input, the facts document of a topology (any
// JSON-marshallable value or a *Sliced), and returns the findings sorted by
// file, line, column, rule and subject. In this build the only user
// policies it evaluates are those plan.json was prepared with.
func Evaluate(ctx context.Context, input any, opts Options) ([]Finding, error) {
	eval, err := planned()
	if err != nil {
		return nil, err
	}
	return eval(ctx, input, opts)
}
