package topo

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/playground"
)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../../testdata/topology/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCheckTopologyJourneysGraphAndFindings(t *testing.T) {
	src := readTestdata(t, "naive-shop/shop.nines.hcl")
	res := Check(context.Background(), Request{Files: []playground.File{{Name: "shop.nines.hcl", Content: src}}})
	if len(res.Notes) != 0 {
		t.Fatalf("notes: %+v", res.Notes)
	}
	if len(res.Journeys) == 0 || res.Journeys[0].Availability <= 0 || res.Journeys[0].Availability >= 1 {
		t.Errorf("journeys = %+v", res.Journeys)
	}
	if !strings.HasPrefix(res.DOT, "digraph") || !strings.Contains(res.DOT, `"db"`) {
		t.Errorf("DOT = %q", res.DOT)
	}
	found := false
	for _, f := range res.Findings {
		if f.Rule == "spof/single-instance" {
			found = true
			if f.URL == "" || f.Line == 0 || f.To <= f.From {
				t.Errorf("finding %+v lacks a URL or a range", f)
			}
		}
	}
	if !found {
		t.Errorf("no spof/single-instance finding in %+v", res.Findings)
	}
}

func TestCheckTopologyUserPolicy(t *testing.T) {
	src := readTestdata(t, "naive-shop/shop.nines.hcl")
	pol := `# METADATA
# title: no database in a single zone
# custom:
#   severity: warning
package nines.custom.one_zone_db

import data.nines.lib

report contains v if {
	some name, c in input.components
	c.kind == "database"
	c.distinct_zones < 2
	v := lib.finding(rego.metadata.chain(), name, sprintf("database %s lives in one zone", [name]), c)
}
`
	res := Check(context.Background(), Request{
		Files:    []playground.File{{Name: "shop.nines.hcl", Content: src}},
		Policies: []playground.File{{Name: "custom.rego", Content: pol}},
	})
	var got []string
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Rule, "custom/") {
			got = append(got, f.Rule+": "+f.Message)
		}
	}
	if len(got) != 1 || got[0] != "custom/one-zone-db: database db lives in one zone" {
		t.Errorf("custom findings = %q (notes %+v)", got, res.Notes)
	}

	res = Check(context.Background(), Request{
		Files:    []playground.File{{Name: "shop.nines.hcl", Content: src}},
		Policies: []playground.File{{Name: "custom.rego", Content: "package nines.custom.x\n\nreport contains x if {\n"}},
	})
	if len(res.Notes) != 1 || res.Notes[0].File != "policy/custom.rego" || res.Notes[0].Line != 4 || res.Notes[0].Kind != "policy" {
		t.Errorf("notes = %+v, want a parse error at policy/custom.rego:4", res.Notes)
	}
}

func TestCheckTopologyInvalidInput(t *testing.T) {
	res := Check(context.Background(), Request{Files: []playground.File{{Name: "bad.nines.hcl", Content: "service \"a\" {\n  instances = \"many\"\n}\n"}}})
	if len(res.Notes) == 0 || res.Notes[0].File != "bad.nines.hcl" || res.Notes[0].Line != 2 {
		t.Errorf("notes = %+v, want an error at bad.nines.hcl:2", res.Notes)
	}
	if len(res.Findings) != 0 || res.DOT != "" {
		t.Errorf("invalid input produced findings or a graph: %+v", res)
	}
}

// TestEveryRuleExample checks the examples menu's topology entries: each
// rule's example_bad file shows a finding of that rule in the playground.
func TestEveryRuleExample(t *testing.T) {
	paths, err := filepath.Glob("../../../rules/*/*/example_bad.nines.hcl")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no rule examples found (%v)", err)
	}
	for _, p := range paths {
		rule := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(p, "../../../rules/")))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		res := Check(context.Background(), Request{Files: []playground.File{{Name: path.Base(rule) + ".nines.hcl", Content: string(b)}}})
		found := false
		for _, f := range res.Findings {
			found = found || f.Rule == rule
		}
		if !found {
			t.Errorf("%s: no %s finding in %+v (notes %+v)", p, rule, res.Findings, res.Notes)
		}
	}
}

func TestCheckTopologySkipPolicies(t *testing.T) {
	src := readTestdata(t, "naive-shop/shop.nines.hcl")
	res := Check(context.Background(), Request{Files: []playground.File{{Name: "shop.nines.hcl", Content: src}}, SkipPolicies: true})
	if !res.Partial || len(res.Findings) != 0 || len(res.Journeys) == 0 || !strings.Contains(res.DOT, `"db"`) {
		t.Errorf("partial result = %+v", res)
	}
	if strings.Contains(res.DOT, "single point of failure") {
		t.Error("a result without policies highlights single points of failure")
	}
}

// TestCheckTopologyPlaces checks that the result places every component
// and call of the graph at its block, so that a click on a node or an edge
// can open its line.
func TestCheckTopologyPlaces(t *testing.T) {
	src := readTestdata(t, "naive-shop/shop.nines.hcl")
	for _, skip := range []bool{true, false} {
		res := Check(context.Background(), Request{Files: []playground.File{{Name: "shop.nines.hcl", Content: src}}, SkipPolicies: skip})
		comps := map[string]ComponentInfo{}
		for _, c := range res.Components {
			comps[c.Name] = c
		}
		lines := map[string]int{"lb": 8, "web": 16, "api": 29, "db": 48, "payments": 54}
		if len(comps) != len(lines) {
			t.Errorf("skip %v: components %+v, want %v", skip, res.Components, lines)
		}
		for name, line := range lines {
			c := comps[name]
			if c.File != "shop.nines.hcl" || c.Line != line || c.Column != 1 || c.To <= c.From {
				t.Errorf("skip %v: component %s at %+v, want shop.nines.hcl:%d:1 with a range", skip, name, c, line)
			}
		}
		if db := comps["db"]; db.Kind != "database" || db.Instances != 1 || db.AvailabilityText == "" || db.Availability <= 0 || db.Availability >= 1 {
			t.Errorf("db = %+v", db)
		}
		calls := map[string]int{}
		for _, c := range res.Calls {
			calls[c.Caller+"->"+c.Callee] = c.Line
			if c.To <= c.From {
				t.Errorf("skip %v: call %s->%s has no range: %+v", skip, c.Caller, c.Callee, c.Range)
			}
		}
		want := map[string]int{"lb->web": 11, "web->api": 22, "api->db": 34, "api->payments": 40}
		if len(calls) != len(want) {
			t.Errorf("skip %v: calls %v, want %v", skip, calls, want)
		}
		for id, line := range want {
			if calls[id] != line {
				t.Errorf("skip %v: call %s at line %d, want %d", skip, id, calls[id], line)
			}
		}
	}
}
