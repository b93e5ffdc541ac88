package rules

import (
	"fmt"
	"math"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// The rules render numbers in messages with these built-in functions
// (nines.duration, nines.percent, nines.minutes) rather than Rego functions
// for speed: OPA hashes a number by its integer part, so a Rego function
// called with thousands of different sub-second durations files them all in
// one bucket of its call cache and slows down quadratically, and its decimal
// arithmetic is slow besides. Registering them globally makes them known to
// the compiler, the evaluator and OPA's test runner alike.
func init() {
	register := func(name, desc string, format func(float64) string) {
		rego.RegisterBuiltin1(&rego.Function{
			Name:        name,
			Description: desc,
			Decl:        types.NewFunction(types.Args(types.Named("x", types.N)), types.Named("text", types.S)),
		}, func(_ rego.BuiltinContext, x *ast.Term) (*ast.Term, error) {
			n, ok := x.Value.(ast.Number)
			if !ok {
				return nil, fmt.Errorf("%s: operand is %s, want a number", name, ast.ValueName(x.Value))
			}
			f, ok := n.Float64()
			if !ok || math.IsInf(f, 0) || math.IsNaN(f) {
				return nil, fmt.Errorf("%s: %s is out of range", name, n)
			}
			return ast.StringTerm(format(f)), nil
		})
	}
	register("nines.duration", `renders seconds like Go durations in the common cases: "250ms", "1.5s", "90s", "5m", "2h"`, Duration)
	register("nines.percent", `renders an availability in [0, 1] as a percentage with up to four decimals: "99.797%"`, Percent)
	register("nines.minutes", `renders minutes with one decimal: "43.2 min"`, Minutes)
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
func Percent(a float64) string { return trim(math.Round(a*1e6)/1e4) + "%" }

// Minutes renders a number of minutes with one decimal: "43.2 min".
func Minutes(m float64) string { return trim(math.Round(m*10)/10) + " min" }

func trim(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
