package rules

import (
	"fmt"
	"math"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

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
		p, err := strconv.ParseFloat(strconv.FormatFloat(x*y, 'g', 12, 64), 64)
		if err != nil || math.IsInf(p, 0) {
			return nil, fmt.Errorf("nines.product: %v × %v is out of range", x, y)
		}
		if p == math.Trunc(p) && math.Abs(p) < 1<<53 {
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
	f, ok := n.Float64()
	if !ok || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("%s: %s is out of range", builtin, n)
	}
	return f, nil
}

// Duration renders seconds the way the rules' messages cite durations:
// milliseconds below a second ("12.5ms"), whole hours ("2h") or minutes
// ("5m"), else seconds with up to three decimals ("1.5s", "90s").
func Duration(s float64) string {
	switch {
	case math.Abs(s) < 1:
		return trim(math.Round(s*1e6)/1e3) + "ms"
	case s >= 3600 && s == math.Trunc(s/3600)*3600:
		return trim(s/3600) + "h"
	case s >= 60 && s == math.Trunc(s/60)*60:
		return trim(s/60) + "m"
	}
	return trim(math.Round(s*1e3)/1e3) + "s"
}

// Percent renders an availability in [0, 1] as a percentage with up to four
// decimals: 0.99797 is "99.797%".
// A value below 100% by more than percent.Tolerance never reads "100%".
func Percent(a float64) string { return percent.Format(a) }

// Minutes renders a number of minutes with one decimal: "43.2 min".
func Minutes(m float64) string { return trim(math.Round(m*10)/10) + " min" }

func trim(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
