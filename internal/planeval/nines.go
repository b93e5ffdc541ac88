package planeval

import (
	"fmt"
	"math"
	"strconv"
)

// The nines.* built-in functions of the rules, shared with package rules,
// which registers them with OPA.

// Float parses a number as the nines.* built-ins read their operands,
// failing for values out of float64's range.
func Float(n string) (float64, error) {
	f, err := strconv.ParseFloat(n, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("%s is out of range", n)
	}
	return f, nil
}

// Product is nines.product: x × y in floating point rounded to 12
// significant digits, so that products of decimal durations compare
// exactly (0.1 × 3 is 0.3), and whether the result is an integer OPA
// writes as one.
func Product(x, y float64) (p float64, isInt bool, err error) {
	p, err = strconv.ParseFloat(strconv.FormatFloat(x*y, 'g', 12, 64), 64)
	if err != nil || math.IsInf(p, 0) {
		return 0, false, fmt.Errorf("nines.product: %v × %v is out of range", x, y)
	}
	return p, p == math.Trunc(p) && math.Abs(p) < 1<<53, nil
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

// Minutes renders a number of minutes with one decimal: "43.2 min".
func Minutes(m float64) string { return trim(math.Round(m*10)/10) + " min" }

func trim(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
