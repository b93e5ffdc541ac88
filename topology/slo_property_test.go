package topology

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

var belowMessages = []*regexp.Regexp{
	regexp.MustCompile(`is ([0-9.]+)% available on paper, below its slo of ([0-9.]+)%`),
	regexp.MustCompile(`is at most ([0-9.]+)% available on its own .*below the slo of journey "j" \(([0-9.]+)%\)`),
}

// TestNothingReadsBelowAnEqualSLO is the property "X% below its slo of X%
// cannot happen": over random percentages written as users write them, a
// journey whose availability equals its slo has no availability finding,
// and every availability finding cites an availability that reads below
// the slo.
func TestNothingReadsBelowAnEqualSLO(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	pct := func() string {
		s := strconv.Itoa(90 + r.IntN(10))
		if d := r.IntN(6); d > 0 {
			s += "."
			for range d {
				s += strconv.Itoa(r.IntN(10))
			}
		}
		return s + "%"
	}
	checked := 0
	for trial := range 60 {
		x := pct()
		slo := x
		instances := 1
		if trial%3 == 1 {
			slo = pct() // any other objective: the messages must still read right
		}
		if trial%3 == 2 {
			instances = 2 + r.IntN(3)
		}
		src := fmt.Sprintf("service \"s\" {\n  availability = %q\n  instances = %d\n}\njourney \"j\" {\n  entry = \"s\"\n  slo = %q\n}\n", x, instances, slo)
		rep, err := Check(context.Background(), fstest.MapFS{"t.nines.hcl": {Data: []byte(src)}}, []string{"t.nines.hcl"}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Findings {
			if !strings.HasPrefix(f.Rule, "availability/") {
				continue
			}
			if instances == 1 && slo == x {
				t.Errorf("availability %s against slo %s: %s", x, slo, f.Message)
				continue
			}
			matched := false
			for _, re := range belowMessages {
				m := re.FindStringSubmatch(f.Message)
				if m == nil {
					continue
				}
				matched = true
				a, _ := strconv.ParseFloat(m[1], 64)
				s, _ := strconv.ParseFloat(m[2], 64)
				if a >= s {
					t.Errorf("availability %s, slo %s: %q reads %s%% below %s%%", x, slo, f.Message, m[1], m[2])
				}
				checked++
			}
			if !matched {
				t.Errorf("unexpected message %q", f.Message)
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d findings checked", checked)
	}
}
