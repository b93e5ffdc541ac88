//go:build !ninesplan

package rules

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/nines-dev/nines/internal/planeval"
	"github.com/nines-dev/nines/topology/percent"
)

// The rules render numbers in messages with these built-in functions
// (nines.duration, nines.percent, nines.minutes) rather than Rego functions
// for speed: OPA hashes a number by its integer part, so a Rego function
// called with thousands of different sub-second durations files them all in
// one bucket of its call cache and slows down quadratically. They multiply
// durations with nines.product: OPA's decimal arithmetic costs about 10µs an
// operation, which adds up over 30,000 calls. Registering them globally makes them known to
// the compiler, the evaluator and OPA's test runner alike.
func init() {
	register := func(name, desc string, format func(float64) string) {
		rego.RegisterBuiltin1(&rego.Function{
			Name:        name,
			Description: desc,
			Decl:        types.NewFunction(types.Args(types.Named("x", types.N)), types.Named("text", types.S)),
		}, func(_ rego.BuiltinContext, x *ast.Term) (*ast.Term, error) {
			f, err := number(name, x)
			if err != nil {
				return nil, err
			}
			return ast.StringTerm(format(f)), nil
		})
	}
	// register2 registers a built-in of two numbers.
	register2 := func(name, desc string, result types.Type, f func(x, y float64) (*ast.Term, error)) {
		rego.RegisterBuiltin2(&rego.Function{
			Name:        name,
			Description: desc,
			Decl:        types.NewFunction(types.Args(types.Named("a", types.N), types.Named("b", types.N)), types.Named("result", result)),
		}, func(_ rego.BuiltinContext, a, b *ast.Term) (*ast.Term, error) {
			x, err := number(name, a)
			if err != nil {
				return nil, err
			}
			y, err := number(name, b)
			if err != nil {
				return nil, err
			}
			return f(x, y)
		})
	}
	register2("nines.product", "multiplies two numbers in floating point, rounded to 12 significant digits "+
		"so that products of decimal durations compare exactly (0.1 × 3 is 0.3)", types.N, func(x, y float64) (*ast.Term, error) {
		p, isInt, err := planeval.Product(x, y)
		if err != nil {
			return nil, err
		}
		if isInt {
			return ast.IntNumberTerm(int(p)), nil
		}
		return ast.FloatNumberTerm(p), nil
	})
	register2("nines.percent_below", "renders availability a as nines.percent does, with more decimals when a is below b "+
		"(by more than 1e-12) and four would make it read equal to nines.objective(b)", types.S, func(x, y float64) (*ast.Term, error) {
		return ast.StringTerm(percent.FormatBelow(x, y)), nil
	})
	register2("nines.below", "reports whether availability a is below b by more than 1e-12: equal values written "+
		"differently (\"99.9%\" and 0.999, or a product that rounds) are not below each other", types.B, func(x, y float64) (*ast.Term, error) {
		return ast.BooleanTerm(percent.Below(x, y)), nil
	})
	register("nines.duration", `renders seconds like Go durations in the common cases: "250ms", "1.5s", "90s", "5m", "2h"`, Duration)
	register("nines.percent", `renders an availability in [0, 1] as a percentage with up to four decimals: "99.797%"`, Percent)
	register("nines.objective", `renders an objective as written, with up to nine decimals: "99.95%", "94.10273%"`, percent.Objective)
	register("nines.minutes", `renders minutes with one decimal: "43.2 min"`, Minutes)
}

func number(builtin string, x *ast.Term) (float64, error) {
	n, ok := x.Value.(ast.Number)
	if !ok {
		return 0, fmt.Errorf("%s: operand is %s, want a number", builtin, ast.ValueName(x.Value))
	}
	f, err := planeval.Float(string(n))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", builtin, err)
	}
	return f, nil
}
