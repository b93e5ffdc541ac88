package rules

import (
	"github.com/nines-dev/nines/internal/planeval"
	"github.com/nines-dev/nines/topology/percent"
)

// Duration renders seconds the way the rules' messages cite durations:
// milliseconds below a second ("12.5ms"), whole hours ("2h") or minutes
// ("5m"), else seconds with up to three decimals ("1.5s", "90s").
func Duration(s float64) string { return planeval.Duration(s) }

// Percent renders an availability in [0, 1] as a percentage with up to four
// decimals: 0.99797 is "99.797%".
// A value below 100% by more than percent.Tolerance never reads "100%".
func Percent(a float64) string { return percent.Format(a) }

// Minutes renders a number of minutes with one decimal: "43.2 min".
func Minutes(m float64) string { return planeval.Minutes(m) }
