package rules_test

import (
	"context"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nines-dev/nines/topology/policy"
)

// TestReadmeExamplePolicy runs the user policy shown in README.md, so that
// the documentation cannot drift from what the engine accepts.
func TestReadmeExamplePolicy(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var example string
	for _, block := range strings.Split(string(readme), "```rego\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		if strings.Contains(block, "package nines.custom.") {
			example = block
		}
	}
	if example == "" {
		t.Fatal("README.md shows no user policy")
	}
	facts := map[string]any{
		"components": map[string]any{
			"orders": map[string]any{"name": "orders", "kind": "database", "file": "shop.nines.hcl", "line": 3, "column": 1,
				"instances": 2, "min_healthy": 1, "distinct_zones": 0, "required": false, "rpo_seconds": nil},
			"ledger": map[string]any{"name": "ledger", "kind": "database", "file": "shop.nines.hcl", "line": 9, "column": 1,
				"instances": 2, "min_healthy": 1, "distinct_zones": 0, "required": false, "rpo_seconds": 5},
		},
		"calls":    []any{},
		"journeys": []any{},
	}
	dir := policy.Dir("policies", fstest.MapFS{"database_rpo.rego": {Data: []byte(example)}})
	got, err := policy.Evaluate(context.Background(), facts, policy.Options{Policies: []fs.FS{dir}})
	if err != nil {
		t.Fatal(err)
	}
	want := policy.Finding{
		Rule: "custom/database-rpo", Severity: "warning", Subject: "orders",
		Message: `database "orders" declares no rpo: set rpo to the data loss the business accepts`,
		File:    "shop.nines.hcl", Line: 3, Column: 1,
	}
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %+v, want [%+v]", got, want)
	}
}
