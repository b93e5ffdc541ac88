package topology

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"github.com/nines-dev/nines/topology/policy"
)

// Finding is one violation reported by a rule or a user policy.
type Finding = policy.Finding

// Severities of findings; notes never fail a check.
const (
	SeverityError   = policy.SeverityError
	SeverityWarning = policy.SeverityWarning
	SeverityNote    = policy.SeverityNote
)

// Options tune Check.
type Options struct {
	Limits Limits
	// Config overrides thresholds of the rules (data.nines.config).
	Config map[string]any
	// Policies are user policy directories, evaluated with the built-in rules.
	Policies []fs.FS
	// PolicyTimeout bounds the policy evaluation; the policy package's
	// default when zero.
	PolicyTimeout time.Duration
	// Evaluate replaces the policy engine (tests); policy.Evaluate when nil.
	Evaluate func(ctx context.Context, input any, opts policy.Options) ([]policy.Finding, error)
}

// Waived is a finding silenced by an exception block.
type Waived struct {
	Finding
	Reason    string `json:"reason"`
	Exception Pos    `json:"exception"`
}

// Timings is where a check spent its time.
type Timings struct {
	Load, Math, Policy time.Duration
}

// Report is the outcome of checking a topology.
type Report struct {
	Model    *Model
	Analysis *Analysis
	Facts    *Facts
	Findings []Finding // sorted; waived findings are not here
	Waived   []Waived  // sorted like Findings
	// UnusedExceptions waive nothing: the finding they name is gone (or
	// the rule or subject is misspelt).
	UnusedExceptions []*Exception
	Journeys         []*JourneyResult
	Timings          Timings
}

// Check loads the named topology files from fsys as one topology, computes
// its availability and facts and evaluates the policies over them. Invalid
// input is returned as an ErrorList (every error at file:line:col) and
// nothing is evaluated. Check does no I/O beyond reading fsys, so the
// command line and the browser playground share it.
func Check(ctx context.Context, fsys fs.FS, names []string, opts Options) (*Report, error) {
	t0 := time.Now()
	m, err := Load(fsys, names, opts.Limits)
	if err != nil {
		return nil, err
	}
	return checkModel(ctx, m, opts, t0)
}

// subjects are the positions of everything a finding may be about:
// components, calls (by id), journeys and zones, built when a user
// policy's finding first needs one (a map of 400,000 entries at 100,000
// components would otherwise be held through every evaluation).
func subjects(m *Model) func(string) (policy.Position, bool) {
	return policy.SubjectTable(func() map[string]policy.Position { return subjectPositions(m) })
}

func subjectPositions(m *Model) map[string]policy.Position {
	out := make(map[string]policy.Position, len(m.Components)+len(m.Calls)+len(m.Journeys)+len(m.Zones))
	add := func(name string, p Pos) {
		if _, dup := out[name]; !dup {
			out[name] = policy.Position{File: p.File, Line: p.Line, Column: p.Column}
		}
	}
	for _, c := range m.Components {
		add(c.Name, c.Pos)
	}
	for _, c := range m.Calls {
		add(c.ID(), c.Pos)
	}
	for _, j := range m.Journeys {
		add(j.Name, j.Pos)
	}
	for _, z := range m.Zones {
		add(z.Name, z.Pos)
	}
	return out
}

// CheckFiles is Check over files held in memory, keyed by name (the
// playground's entry point). Names are checked in sorted order.
func CheckFiles(ctx context.Context, files map[string][]byte, opts Options) (*Report, error) {
	fsys := fstest.MapFS{}
	names := make([]string, 0, len(files))
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: src}
		names = append(names, name)
	}
	slices.Sort(names)
	return Check(ctx, fsys, names, opts)
}

// applyExceptions drops the findings an exception names (same rule and
// subject) and returns them separately with the exception's reason.
func applyExceptions(found []Finding, exceptions []*Exception) ([]Finding, []Waived) {
	type key struct{ rule, subject string }
	byKey := make(map[key]*Exception, len(exceptions))
	for _, e := range exceptions {
		if _, dup := byKey[key{e.Rule, e.Subject}]; !dup {
			byKey[key{e.Rule, e.Subject}] = e
		}
	}
	kept := make([]Finding, 0, len(found))
	var waived []Waived
	for _, f := range found {
		e := byKey[key{f.Rule, f.Subject}]
		if e == nil {
			kept = append(kept, f)
			continue
		}
		waived = append(waived, Waived{Finding: f, Reason: strings.TrimSpace(e.Reason), Exception: e.Pos})
	}
	policy.Sort(kept)
	slices.SortStableFunc(waived, func(a, b Waived) int {
		return comparePos(Pos{a.File, a.Line, a.Column}, Pos{b.File, b.Line, b.Column})
	})
	return kept, waived
}

// Failing counts the findings at or above severity ("error" or "warning").
func (r *Report) Failing(severity string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == SeverityError || (severity == SeverityWarning && f.Severity == SeverityWarning) {
			n++
		}
	}
	return n
}
