//go:build !ninesplan

package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
	opacompile "github.com/open-policy-agent/opa/v1/compile"

	"github.com/nines-dev/nines/rules"
)

// BuildPlan compiles the built-in rules and the user policies in user
// (named as readPolicies names them, "<dir>/<path>") to a PlanFile in JSON,
// for PlannedEvaluator.
func BuildPlan(ctx context.Context, user []rules.Source) ([]byte, error) {
	prep, err := compile(ctx, user, nil) // checks the policies as Evaluate does
	if err != nil {
		return nil, err
	}
	srcs, err := rules.Policies()
	if err != nil {
		return nil, err
	}
	fsys := fstest.MapFS{}
	for _, s := range srcs {
		fsys["rules/"+s.Path] = &fstest.MapFile{Data: []byte(s.Text)}
	}
	for _, s := range user {
		fsys[s.Path] = &fstest.MapFile{Data: []byte(s.Text)}
	}
	var entries []string
	for _, r := range rules.MustAll() {
		entries = append(entries, "nines/rules/"+r.Category+"/"+strings.ReplaceAll(r.Name, "-", "_")+"/report")
	}
	for name := range prep.reportAt {
		entries = append(entries, "nines/custom/"+name+"/report")
	}
	slices.Sort(entries)
	c := opacompile.New().
		WithTarget(opacompile.TargetPlan).
		WithEntrypoints(entries...).
		WithFS(fsys).
		WithPaths(".").
		WithCapabilities(capabilities()).
		WithRegoVersion(ast.RegoV1)
	if err := c.Build(ctx); err != nil {
		return nil, fmt.Errorf("planning the policies: %w", err)
	}
	b := c.Bundle()
	if len(b.PlanModules) != 1 {
		return nil, fmt.Errorf("planning the policies: got %d plans, want 1", len(b.PlanModules))
	}
	if user == nil {
		user = []rules.Source{}
	}
	return json.Marshal(PlanFile{Sources: user, ReportAt: prep.reportAt, Plan: b.PlanModules[0].Raw})
}
