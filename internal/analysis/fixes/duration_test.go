package fixes

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestDurationExpr(t *testing.T) {
	for _, tc := range []struct {
		d       time.Duration
		compact bool
		want    string
	}{
		{30 * time.Second, false, "30 * t.Second"},
		{90 * time.Second, false, "90 * t.Second"},
		{2 * time.Minute, false, "2 * t.Minute"},
		{3 * time.Hour, true, "3*t.Hour"},
		{1500 * time.Millisecond, true, "1500*t.Millisecond"},
	} {
		assert.Equal(t, tc.want, DurationExpr(tc.d, "t", tc.compact), tc.d)
	}
}

func TestDurationFlag(t *testing.T) {
	d := 10 * time.Second
	f := Duration{D: &d}
	assert.NoError(t, f.Set("1m30s"))
	assert.Equal(t, 90*time.Second, d)
	assert.Equal(t, "1m30s", f.String())
	assert.Equal(t, 90*time.Second, f.Get())
	for in, want := range map[string]string{
		"0s":     "above zero",
		"-1s":    "above zero",
		"later":  "not a duration",
		"1500us": "whole milliseconds",
	} {
		err := f.Set(in)
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), want, in)
		}
	}
	assert.Equal(t, 90*time.Second, d, "a refused value changes nothing")
}
