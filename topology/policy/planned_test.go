//go:build !ninesplan

package policy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nines-dev/nines/internal/playground/topo"
	"github.com/nines-dev/nines/rules"
	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/policy"
)

var update = flag.Bool("update", false, "rewrite plan.json")

// demoSources is the demo policy as the playground's topology worker hands
// it to the policy package.
func demoSources() []rules.Source {
	return []rules.Source{{Path: topo.PolicyDir + "/" + topo.DemoPolicyName, Text: topo.DemoPolicy}}
}

// TestPlanCurrent fails when plan.json is not what the built-in rules and
// the demo policy compile to; go test -run TestPlanCurrent -update
// rewrites it.
func TestPlanCurrent(t *testing.T) {
	got, err := policy.BuildPlan(context.Background(), demoSources())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("plan.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("plan.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("plan.json is stale (%d bytes, the rules compile to %d): run go test ./topology/policy -run TestPlanCurrent -update", len(want), len(got))
	}
}

// topologyCase is a topology the playground may check: its files.
type topologyCase struct {
	name  string
	fsys  fs.FS
	files []string
}

// playgroundTopologies are every rule's two examples and every scenario of
// testdata/topology, what the playground's examples menu offers.
func playgroundTopologies(t *testing.T) []topologyCase {
	t.Helper()
	var out []topologyCase
	for _, r := range rules.MustAll() {
		for _, ex := range []struct{ name, text string }{{"example_bad", r.ExampleBad}, {"example_good", r.ExampleGood}} {
			file := ex.name + ".nines.hcl"
			out = append(out, topologyCase{r.ID + "/" + ex.name, fstest.MapFS{file: {Data: []byte(ex.text)}}, []string{file}})
		}
	}
	root := filepath.Join("..", "..", "testdata", "topology")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "invalid" || d.Name() == "golden" {
			continue
		}
		dir := filepath.Join(root, d.Name())
		var files []string
		err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && (strings.HasSuffix(p, ".nines.hcl") || strings.HasSuffix(p, ".nines.json")) {
				rel, _ := filepath.Rel(dir, p)
				files = append(files, filepath.ToSlash(rel))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(files) > 0 {
			slices.Sort(files)
			out = append(out, topologyCase{"scenario/" + d.Name(), os.DirFS(dir), files})
		}
	}
	return out
}

func plannedEvaluator(t *testing.T) func(context.Context, any, policy.Options) ([]policy.Finding, error) {
	t.Helper()
	data, err := os.ReadFile("plan.json")
	if err != nil {
		t.Fatal(err)
	}
	eval, err := policy.PlannedEvaluator(data)
	if err != nil {
		t.Fatal(err)
	}
	return eval
}

// findingsJSON checks c with the options and the evaluator and returns the
// findings and waived findings as JSON.
func findingsJSON(t *testing.T, c topologyCase, opts topology.Options) []byte {
	t.Helper()
	rep, err := topology.Check(context.Background(), c.fsys, c.files, opts)
	if err != nil { // a scenario the loader rejects must be rejected by both
		return []byte("error: " + err.Error())
	}
	b, err := json.MarshalIndent(map[string]any{"findings": rep.Findings, "waived": rep.Waived}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPlannedMatchesOPA checks that the light worker's engine (the plan,
// evaluated by planeval) gives the findings OPA gives, byte for byte, on
// every topology the playground offers, with and without the demo policy
// and with a changed configuration.
func TestPlannedMatchesOPA(t *testing.T) {
	planned := plannedEvaluator(t)
	demo := fstest.MapFS{topo.DemoPolicyName: {Data: []byte(topo.DemoPolicy)}}
	variants := []struct {
		name string
		opts topology.Options
	}{
		{"demo policy", topology.Options{Policies: []fs.FS{policy.Dir(topo.PolicyDir, demo)}}},
		{"no policy", topology.Options{}},
		{"config", topology.Options{Config: map[string]any{"max_retries": 2, "amplification_limit": 3, "timeout_margin": 1.5}}},
	}
	cases := playgroundTopologies(t)
	total, failed := 0, 0
	for _, c := range cases {
		for _, v := range variants {
			want := findingsJSON(t, c, v.opts)
			opts := v.opts
			opts.Evaluate = planned
			got := findingsJSON(t, c, opts)
			if !bytes.Equal(got, want) {
				t.Errorf("%s, %s: the plan gives\n%s\nOPA gives\n%s", c.name, v.name, got, want)
			}
			total += bytes.Count(want, []byte(`"rule"`))
			if bytes.HasPrefix(want, []byte("error: ")) {
				failed++
				t.Logf("%s, %s: rejected by the loader", c.name, v.name)
			}
		}
	}
	t.Logf("%d topologies, %d variants, %d findings compared, %d checks rejected by the loader", len(cases), len(variants), total, failed)
	if total == 0 {
		t.Fatal("no findings compared")
	}
}

// BenchmarkPlannedAgainstOPA checks testdata/topology/naive-shop with the
// demo policy through both engines in the same run (OPA's compilation
// cached, as in the worker after its first check) and reports the plan's
// time per check as a multiple of OPA's.
func BenchmarkPlannedAgainstOPA(b *testing.B) {
	data, err := os.ReadFile("plan.json")
	if err != nil {
		b.Fatal(err)
	}
	planned, err := policy.PlannedEvaluator(data)
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join("..", "..", "testdata", "topology", "naive-shop")
	demo := fstest.MapFS{topo.DemoPolicyName: {Data: []byte(topo.DemoPolicy)}}
	opts := topology.Options{Policies: []fs.FS{policy.Dir(topo.PolicyDir, demo)}}
	check := func(eval func(context.Context, any, policy.Options) ([]policy.Finding, error)) time.Duration {
		o := opts
		o.Evaluate = eval
		t0 := time.Now()
		if _, err := topology.Check(context.Background(), os.DirFS(dir), []string{"shop.nines.hcl"}, o); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	check(policy.Evaluate) // compiles the policies once
	var opa, plan time.Duration
	for b.Loop() {
		opa += check(policy.Evaluate)
		plan += check(planned)
	}
	b.ReportMetric(float64(plan)/float64(opa), "plan/opa")
}
