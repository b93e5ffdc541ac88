package topology

import (
	"math"
	"strconv"
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

// Objective formats an SLO as written: 99.95%, 99.9%.
func Objective(a float64) string {
	return strconv.FormatFloat(math.Round(a*100*1e9)/1e9, 'f', -1, 64) + "%"
}
