// Package percent parses availabilities written as decimal percentages,
// compares them and renders them, so that the numbers a user writes and
// the numbers nines prints agree: "99.9%" is the float64 nearest to the
// decimal 0.999 (not 99.9/100, which is 0.9990000000000001), two values
// that differ by less than Tolerance are equal, and a value below another
// is printed with enough decimals to read below it.
package percent

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Tolerance is how far apart two availabilities may be and still compare
// equal: the rounding a chain of float64 products and sums of values near
// 1 accumulates is a few times 1e-16, and 1e-12 of a 30-day window is 2.6
// microseconds, far below what any input can state.
const Tolerance = 1e-12

// Parse reads "99.95%" exactly as a decimal and returns the nearest
// float64 to its value divided by 100.
func Parse(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if !strings.HasSuffix(t, "%") {
		return 0, fmt.Errorf("%q must be a percentage such as \"99.95%%\" or a number in (0, 1]", s)
	}
	num := strings.TrimSpace(strings.TrimSuffix(t, "%"))
	// big.Rat accepts fractions and exponents; a percentage is digits
	// with at most one decimal point.
	if !plainDecimal(num) {
		return 0, fmt.Errorf("%q must be a percentage in (0%%, 100%%]", s)
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok || r.Sign() <= 0 || r.Cmp(big.NewRat(100, 1)) > 0 {
		return 0, fmt.Errorf("%q must be a percentage in (0%%, 100%%]", s)
	}
	f, _ := r.Quo(r, big.NewRat(100, 1)).Float64()
	return f, nil
}

// plainDecimal reports whether s is digits with at most one '.', and at
// most 40 characters (more digits than a float64 can tell apart).
func plainDecimal(s string) bool {
	if s == "" || len(s) > 40 || s == "." {
		return false
	}
	dot := false
	for _, r := range s {
		switch {
		case r == '.' && !dot:
			dot = true
		case r < '0' || r > '9':
			return false
		}
	}
	return true
}

// Below reports whether availability a is below b by more than Tolerance.
func Below(a, b float64) bool { return a < b-Tolerance }

// Format renders an availability in [0, 1] as a percentage with up to
// four decimals ("99.797%"), or more when four would round a value below
// 100% up to "100%".
func Format(a float64) string {
	d := 4
	for ; d < 12 && a < 1-Tolerance && roundAt(a, d) >= 100; d++ {
	}
	return render(a, d)
}

// Objective renders an objective as it was written: "94.10273%",
// "99.95%" (up to nine decimals).
func Objective(a float64) string { return render(a, 9) }

// FormatBelow renders a as Format does, with more decimals when needed so
// that, whenever Below(a, ref), it reads below Objective(ref): a journey
// 0.1 ppm short of "99.95%" is "99.9499999%", never "99.95%".
func FormatBelow(a, ref float64) string {
	if !Below(a, ref) {
		return Format(a)
	}
	refText := Objective(ref)
	for d := 4; d <= 14; d++ {
		if s := render(a, d); s != refText && roundAt(a, d) < roundAt(ref, d) {
			return s
		}
	}
	return render(a, 14)
}

func roundAt(a float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(a*100*p) / p
}

func render(a float64, d int) string {
	return strconv.FormatFloat(roundAt(a, d), 'f', -1, 64) + "%"
}
