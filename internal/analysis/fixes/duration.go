package fixes

import (
	"fmt"
	"time"
)

// Duration is a flag holding the timeout a suggested fix inserts. It
// accepts what time.ParseDuration accepts, above zero and in whole
// milliseconds (what DurationExpr can write); it is a flag.Getter, so the
// configuration schema knows it is a duration.
type Duration struct{ D *time.Duration }

func (d Duration) String() string {
	if d.D == nil {
		return ""
	}
	return d.D.String()
}

// Get returns the duration.
func (d Duration) Get() any { return *d.D }

// Set parses s.
func (d Duration) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration such as 30s or 1m30s", s)
	}
	if v <= 0 {
		return fmt.Errorf("%s: a timeout to insert must be above zero", v)
	}
	if v%time.Millisecond != 0 {
		return fmt.Errorf("%s: a timeout to insert must be whole milliseconds", v)
	}
	*d.D = v
	return nil
}

// DurationExpr writes d as Go source in the largest unit that divides it
// (30 * time.Second, 2 * time.Minute, 1500 * time.Millisecond), with the
// time package under the name timePkg. compact drops the spaces, as gofmt
// prints a product among several call arguments (10*time.Second).
func DurationExpr(d time.Duration, timePkg string, compact bool) string {
	op := " * "
	if compact {
		op = "*"
	}
	units := []struct {
		d    time.Duration
		name string
	}{{time.Hour, "Hour"}, {time.Minute, "Minute"}, {time.Second, "Second"}, {time.Millisecond, "Millisecond"}}
	for _, u := range units {
		if d%u.d == 0 {
			return fmt.Sprintf("%d%s%s.%s", d/u.d, op, timePkg, u.name)
		}
	}
	return fmt.Sprintf("%d%s%s.Millisecond", d/time.Millisecond, op, timePkg)
}
