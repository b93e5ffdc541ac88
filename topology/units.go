package topology

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/nines-dev/nines/topology/percent"
)

// Window lengths in minutes. A month is 365.25/12 days: the convention
// behind "99.9% is 43.8 minutes a month".
const (
	minutesPerDay   = 24 * 60
	monthMinutes    = 365.25 / 12 * minutesPerDay
	yearMinutes     = 365.25 * minutesPerDay
	defaultWindow   = "30d"
	defaultMinutes  = 30 * minutesPerDay
	maxDurationSecs = 100 * 365.25 * 24 * 3600
)

// ParseAvailability reads "99.95%" (exactly, as a decimal: see package
// percent) or a number in (0, 1].
func ParseAvailability(v any) (float64, error) {
	switch x := v.(type) {
	case string:
		return percent.Parse(x)
	case float64:
		return checkFraction(x)
	case int64:
		return checkFraction(float64(x))
	case int:
		return checkFraction(float64(x))
	}
	return 0, fmt.Errorf("must be a string such as \"99.95%%\" or a number in (0, 1], not %s", describe(v))
}

func checkFraction(f float64) (float64, error) {
	if math.IsNaN(f) || f <= 0 || f > 1 {
		return 0, fmt.Errorf("%v must be in (0, 1]; write percentages as strings such as \"99.95%%\"", f)
	}
	return f, nil
}

// ParseDuration reads a Go duration ("800ms", "1h30m") that may also use d
// for days ("30d", "1d12h"), and returns seconds.
func ParseDuration(s string) (float64, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("empty duration")
	}
	total := 0.0
	rest := in
	// Peel off the day components; the remainder is a Go duration.
	for {
		i := strings.IndexByte(rest, 'd')
		if i < 0 {
			break
		}
		num := rest[:i]
		if num == "" || strings.ContainsAny(num, "hmsnuµ") {
			return 0, fmt.Errorf("invalid duration %q: days must come first, as in \"1d12h\"", s)
		}
		days, err := strconv.ParseFloat(num, 64)
		if err != nil || days < 0 || math.IsNaN(days) || math.IsInf(days, 0) {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		total += days * 86400
		rest = rest[i+1:]
	}
	if rest != "" {
		d, err := time.ParseDuration(rest)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q: use Go durations such as \"800ms\", \"2s\", \"1h\" or days such as \"30d\"", s)
		}
		if d < 0 {
			return 0, fmt.Errorf("invalid duration %q: must not be negative", s)
		}
		total += d.Seconds()
	}
	if total > maxDurationSecs {
		return 0, fmt.Errorf("invalid duration %q: longer than 100 years", s)
	}
	return total, nil
}

// WindowMinutes reads a journey's window: "month", "year" or a duration.
func WindowMinutes(s string) (float64, error) {
	switch s {
	case "month":
		return monthMinutes, nil
	case "year":
		return yearMinutes, nil
	}
	secs, err := ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid window %q: use \"30d\", \"month\", \"year\" or another duration", s)
	}
	if secs < 60 {
		return 0, fmt.Errorf("invalid window %q: must be at least one minute", s)
	}
	return secs / 60, nil
}

func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a bool"
	case string:
		return "a string"
	case float64, int64, int:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
