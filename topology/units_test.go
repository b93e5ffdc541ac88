package topology

import (
	"math"
	"strings"
	"testing"
)

func TestParseAvailability(t *testing.T) {
	for _, tc := range []struct {
		in      any
		want    float64
		wantErr string
	}{
		{"99.95%", 0.9995, ""},
		{" 100% ", 1, ""},
		{"0.5%", 0.005, ""},
		{0.999, 0.999, ""},
		{int64(1), 1, ""},
		{"150%", 0, "percentage in (0%, 100%]"},
		{"0%", 0, "percentage in (0%, 100%]"},
		{"99.9", 0, "must be a percentage such as"},
		{99.9, 0, "must be in (0, 1]"},
		{0.0, 0, "must be in (0, 1]"},
		{true, 0, "not a bool"},
	} {
		got, err := ParseAvailability(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseAvailability(%#v) error = %v, want it to contain %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("ParseAvailability(%#v) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"800ms", 0.8, true},
		{"1h30m", 5400, true},
		{"30d", 30 * 86400, true},
		{"1d12h", 36 * 3600, true},
		{"1.5d", 1.5 * 86400, true},
		{"0s", 0, true},
		{"", 0, false},
		{"fast", 0, false},
		{"12h3d", 0, false},
		{"-1s", 0, false},
		{"1d-1s", 0, false},
		{"99999999999d", 0, false},
	} {
		got, err := ParseDuration(tc.in)
		if (err == nil) != tc.ok || tc.ok && math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestWindowMinutes(t *testing.T) {
	for in, want := range map[string]float64{"30d": 43200, "month": 43830, "year": 525960, "7d": 10080, "1h": 60} {
		got, err := WindowMinutes(in)
		if err != nil || math.Abs(got-want) > 1e-9 {
			t.Errorf("WindowMinutes(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"10s", "fortnight", ""} {
		if _, err := WindowMinutes(in); err == nil {
			t.Errorf("WindowMinutes(%q) succeeded, want an error", in)
		}
	}
}

func TestPercent(t *testing.T) {
	for a, want := range map[float64]string{1: "100%", 0.9995: "99.9500%", 0.99660: "99.660%", 0.9999955: "99.999550%", 0.5: "50.00%"} {
		if got := Percent(a); got != want {
			t.Errorf("Percent(%v) = %q, want %q", a, got, want)
		}
	}
	if got := Objective(0.9995); got != "99.95%" {
		t.Errorf("Objective(0.9995) = %q", got)
	}
}
