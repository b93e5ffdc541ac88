package rules_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/nines-dev/nines/rules"
)

// minCoverage is the share of the policies' lines the Rego tests must
// exercise.
const minCoverage = 90.0

// TestRego runs every Rego test beside the rules through OPA's test runner
// and checks the coverage of the policies (tests and fixtures excluded).
func TestRego(t *testing.T) {
	policies, err := rules.Policies()
	if err != nil {
		t.Fatal(err)
	}
	tests, err := rules.Tests()
	if err != nil {
		t.Fatal(err)
	}
	modules := map[string]*ast.Module{}
	for _, src := range append(policies, tests...) {
		m, err := ast.ParseModuleWithOpts(src.Path, src.Text, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatalf("parsing %s: %v", src.Path, err)
		}
		modules[src.Path] = m
	}

	coverage := cover.New()
	ch, err := tester.NewRunner().
		SetCompiler(ast.NewCompiler().WithEnablePrintStatements(true)).
		SetCoverageQueryTracer(coverage).
		SetModules(modules).
		RaiseBuiltinErrors(true).
		CapturePrintOutput(true).
		RunTests(context.Background(), nil)
	if err != nil {
		t.Fatalf("running the Rego tests: %v", err)
	}
	var results []*tester.Result
	for r := range ch {
		results = append(results, r)
	}
	sort.Slice(results, func(i, j int) bool {
		return results[i].Package+"."+results[i].Name < results[j].Package+"."+results[j].Name
	})
	perPackage := map[string]int{}
	for _, r := range results {
		perPackage[strings.TrimSuffix(strings.TrimPrefix(r.Package, "data."), "_test")]++
		switch {
		case r.Error != nil:
			t.Errorf("%s.%s: %v", r.Package, r.Name, r.Error)
		case r.Fail:
			msg := fmt.Sprintf("%s.%s failed", r.Package, r.Name)
			if r.FailedAt != nil {
				msg += fmt.Sprintf(" at %s: %s", r.FailedAt.Location, r.FailedAt)
			}
			if len(r.Output) > 0 {
				msg += "\n" + string(r.Output)
			}
			t.Error(msg)
		case r.Skip:
			t.Errorf("%s.%s is skipped: finish or delete it", r.Package, r.Name)
		}
	}
	t.Logf("%d Rego tests", len(results))

	// Every rule has both a reporting test and a silent one at least.
	for _, rule := range rules.MustAll() {
		if n := perPackage[strings.TrimPrefix(rule.Package, "data.")]; n < 2 {
			t.Errorf("rule %s has %d Rego tests, want positives and negatives", rule.ID, n)
		}
	}

	report := coverage.Report(modules)
	covered, notCovered := 0, 0
	for _, src := range policies {
		fr, ok := report.Files[src.Path]
		if !ok {
			t.Errorf("%s: no coverage recorded: is it tested?", src.Path)
			continue
		}
		covered += fr.CoveredLines
		notCovered += fr.NotCoveredLines
		for _, r := range fr.NotCovered {
			t.Logf("not covered: %s:%d-%d", src.Path, r.Start.Row, r.End.Row)
		}
	}
	pct := 100 * float64(covered) / float64(covered+notCovered)
	t.Logf("coverage of the policies: %.1f%% (%d of %d lines)", pct, covered, covered+notCovered)
	if pct < minCoverage {
		t.Errorf("Rego tests cover %.1f%% of the policies, want at least %.0f%%", pct, minCoverage)
	}
}
