package topology

import (
	"math"
	"strconv"
	"strings"

	"github.com/nines-dev/nines/topology/percent"
)

// The formats of a report (text, JSON, SARIF, workflow annotations) live in
// internal/report, with those of the Go analyzers; this package only
// produces the Report. What stays here are the number formats the graph
// (WriteDOT) prints too.

// Percent formats an availability with enough decimals to show two
// significant digits of its unavailability: 99.95%, 99.9995%, 100%.
func Percent(a float64) string {
	if a >= 1 {
		return "100%"
	}
	u := (1 - a) * 100
	d := 2
	if u > 0 {
		d = max(2, min(12, 2-int(math.Floor(math.Log10(u)))))
	}
	return strconv.FormatFloat(a*100, 'f', d, 64) + "%"
}

// PercentBelow formats a as Percent does, with more decimals when needed
// so that an availability below slo (by more than percent.Tolerance)
// never reads as equal to Objective(slo).
func PercentBelow(a, slo float64) string {
	s := Percent(a)
	if !percent.Below(a, slo) {
		return s
	}
	// More decimals than Percent gave, rounded down, until it reads below.
	_, frac, _ := strings.Cut(strings.TrimSuffix(s, "%"), ".")
	for d := len(frac); d <= 14; d++ {
		if d > len(frac) {
			s = strconv.FormatFloat(math.Floor(a*100*math.Pow(10, float64(d)))/math.Pow(10, float64(d)), 'f', d, 64) + "%"
		}
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if err == nil && percent.Below(v/100, slo) {
			return s
		}
	}
	return s
}

// Objective formats an SLO as written: 99.95%, 99.9%.
func Objective(a float64) string { return percent.Objective(a) }
