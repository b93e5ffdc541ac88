//go:build ninesplan

package policy_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nines-dev/nines/internal/playground/topo"
	"github.com/nines-dev/nines/rules"
	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/policy"
)

// In the ninesplan build Evaluate is the embedded plan: it reports every
// rule's bad example with the demo policy and refuses any other policy.
func TestEvaluateFromPlan(t *testing.T) {
	demo := fstest.MapFS{topo.DemoPolicyName: {Data: []byte(topo.DemoPolicy)}}
	for _, r := range rules.MustAll() {
		files := map[string][]byte{"example_bad.nines.hcl": []byte(r.ExampleBad)}
		rep, err := topology.CheckFiles(context.Background(), files, topology.Options{Policies: []fs.FS{policy.Dir(topo.PolicyDir, demo)}})
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		found := false
		for _, f := range rep.Findings {
			found = found || f.Rule == r.ID
		}
		if !found {
			t.Errorf("%s: its bad example gives no finding of the rule: %v", r.ID, rep.Findings)
		}
	}
	other := fstest.MapFS{"custom.rego": {Data: []byte(topo.DemoPolicy + "\n# changed\n")}}
	files := map[string][]byte{"a.nines.hcl": []byte(rules.MustAll()[0].ExampleBad)}
	_, err := topology.CheckFiles(context.Background(), files, topology.Options{Policies: []fs.FS{policy.Dir(topo.PolicyDir, other)}})
	if err == nil || !strings.Contains(err.Error(), "policy/custom.rego:1:1: this build") {
		t.Fatalf("a policy other than the demo gives %v, want an error at policy/custom.rego:1:1", err)
	}
}
