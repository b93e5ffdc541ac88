package rules_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/nines-dev/nines/rules"
	"github.com/nines-dev/nines/topology"
)

// TestExamples checks the examples shown in every rule's documentation end
// to end, through the loader, the math and the policies: the bad one is
// reported by the rule, the good one is not.
func TestExamples(t *testing.T) {
	for _, rule := range rules.MustAll() {
		t.Run(rule.ID, func(t *testing.T) {
			for _, ex := range []struct {
				name, src string
				want      bool
			}{
				{"example_bad.nines.hcl", rule.ExampleBad, true},
				{"example_good.nines.hcl", rule.ExampleGood, false},
			} {
				fsys := fstest.MapFS{ex.name: {Data: []byte(ex.src)}}
				report, err := topology.Check(context.Background(), fsys, []string{ex.name}, topology.Options{})
				if err != nil {
					t.Fatalf("%s: %v", ex.name, err)
				}
				var got []string
				for _, f := range report.Findings {
					if f.Rule == rule.ID {
						got = append(got, f.Message)
					}
				}
				if ex.want && len(got) == 0 {
					t.Errorf("%s is not reported by %s; findings: %+v", ex.name, rule.ID, report.Findings)
				}
				if !ex.want && len(got) > 0 {
					t.Errorf("%s is reported by %s: %q", ex.name, rule.ID, got)
				}
				for _, m := range got {
					t.Logf("%s: %s", ex.name, m)
				}
			}
		})
	}
}
