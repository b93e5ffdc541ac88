package cli

import (
	"cmp"
	"slices"

	"github.com/nines-dev/nines/internal/driver/config"
	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/policy"
)

// The topology side of .nines.hcl lives here, not in package config, so
// that config imports neither topology nor OPA and the golangci-lint
// plugin can read .nines.hcl without compiling them.

// applyTopologyConfig applies the configuration c to a topology report: findings of rules
// turned off and findings in excluded files are dropped, severities are
// replaced, and findings an exception names move to Waived with the
// exception's reason. Run it on the report of topology.Check before
// writing it; the exit code follows the severities it leaves.
func applyTopologyConfig(c *config.Config, r *topology.Report) {
	type key struct{ rule, subject string }
	byKey := map[key]config.Exception{}
	for _, e := range c.Exceptions() {
		if _, dup := byKey[key{e.Rule, e.Subject}]; !dup {
			byKey[key{e.Rule, e.Subject}] = e
		}
	}
	kept := r.Findings[:0:0]
	for _, f := range r.Findings {
		enabled, severity := c.Rule(f.Rule)
		if !enabled || c.Excluded(f.File, f.Rule) {
			continue
		}
		if severity != "" {
			f.Severity = severity
		}
		if e, ok := byKey[key{f.Rule, f.Subject}]; ok {
			r.Waived = append(r.Waived, topology.Waived{Finding: f, Reason: e.Reason,
				Exception: topology.Pos{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Column}})
			continue
		}
		kept = append(kept, f)
	}
	policy.Sort(kept)
	r.Findings = kept
	slices.SortStableFunc(r.Waived, func(a, b topology.Waived) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Subject, b.Subject))
	})
}
