package rules_test

import (
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/rules"
)

// issueTable is the rule table of the topology checks' specification: the
// ids and severities are part of the tool's interface.
var issueTable = map[string]string{
	"spof/single-instance":          "error",
	"spof/single-zone":              "warning",
	"spof/manual-failover":          "error",
	"availability/slo-unmet":        "error",
	"availability/slo-impossible":   "error",
	"timeout/missing":               "error",
	"timeout/below-p99":             "warning",
	"timeout/budget-exceeded":       "error",
	"timeout/attempts-exceed-total": "warning",
	"retry/excessive":               "error",
	"retry/no-backoff":              "warning",
	"retry/no-jitter":               "warning",
	"retry/non-idempotent":          "error",
	"retry/amplification":           "warning",
	"resilience/no-circuit-breaker": "warning",
	"resilience/no-fallback":        "warning",
	"scaling/stateful-service":      "warning",
	"data/rpo-violated":             "error",
	"data/rto-violated":             "error",
	"data/consistency-mismatch":     "error",
}

func TestAllMatchesTheSpecification(t *testing.T) {
	all, err := rules.All()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for i, r := range all {
		got[r.ID] = r.Severity
		if i > 0 && all[i-1].ID >= r.ID {
			t.Errorf("rules not sorted by id: %s before %s", all[i-1].ID, r.ID)
		}
		if want := ruledoc.BaseURL + "topology/" + r.ID + ".md"; r.URL != want {
			t.Errorf("%s: related_resources link %s, want %s", r.ID, r.URL, want)
		}
		if r.Title != strings.ToLower(r.Title[:1])+r.Title[1:] || strings.HasSuffix(r.Title, ".") || len(r.Title) > 72 {
			t.Errorf("%s: title %q: want a lowercase line under 72 characters without final period", r.ID, r.Title)
		}
		if strings.TrimSpace(r.ExampleBad) == "" || strings.TrimSpace(r.ExampleGood) == "" {
			t.Errorf("%s: missing example", r.ID)
		}
		if r.Category+"/"+r.Name != r.ID || r.Package != "data.nines.rules."+r.Category+"."+strings.ReplaceAll(r.Name, "-", "_") {
			t.Errorf("%s: category %q, name %q, package %q do not agree", r.ID, r.Category, r.Name, r.Package)
		}
	}
	for id, sev := range issueTable {
		if got[id] != sev {
			t.Errorf("rule %s: severity %q, want %q", id, got[id], sev)
		}
	}
	for id := range got {
		if _, ok := issueTable[id]; !ok {
			t.Errorf("rule %s is not in the specification's table", id)
		}
	}
}

func TestList(t *testing.T) {
	list := rules.List()
	if len(list) != len(issueTable) {
		t.Fatalf("List has %d rules, want %d", len(list), len(issueTable))
	}
	for _, s := range list {
		if s.Summary == "" || issueTable[s.ID] != s.Severity {
			t.Errorf("List entry %+v", s)
		}
	}
}
