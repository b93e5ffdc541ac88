package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/report/sarif"
	"github.com/nines-dev/nines/rules"
	"github.com/nines-dev/nines/topology"
)

// TopoRun converts the outcome of a topology check into a run: its
// findings, then its waived findings (suppressed, with the exception's
// reason), its journeys with their simulated estimates when simulated is
// not empty, a note for each exception that waives nothing, and the rules
// the findings name.
func TopoRun(r *topology.Report, simulated []topology.Simulated) *Run {
	run := &Run{Kind: Topo}
	for _, f := range r.Findings {
		run.Findings = append(run.Findings, topoFinding(f))
	}
	for _, w := range r.Waived {
		f := topoFinding(w.Finding)
		f.Suppressed, f.Justification, f.Exception = true, w.Reason, w.Exception
		run.Findings = append(run.Findings, f)
	}
	for _, j := range r.Journeys {
		jr := Journey{
			Name: j.Journey.Name, Entry: j.Journey.Entry, Window: j.Journey.Window,
			SLO: j.Journey.SLO, Availability: j.Availability, MeetsSLO: j.MeetsSLO,
			DowntimeMinutes: j.DowntimeMinutes, ErrorBudgetMinutes: j.ErrorBudgetMinutes,
			Contributors: j.Contributors, Bounded: j.Bounded, Undecided: j.Undecided,
		}
		if j.Bounded {
			upper := j.Upper
			jr.AvailabilityUpper = &upper
		}
		for _, s := range simulated {
			if s.Journey == j.Journey.Name {
				jr.Simulated = &s
			}
		}
		run.Journeys = append(run.Journeys, jr)
	}
	for _, e := range r.UnusedExceptions {
		run.Notes = append(run.Notes, Note{Pos: e.Pos,
			Message: fmt.Sprintf("exception for %s on %q waives nothing: remove it or correct its rule or subject", e.Rule, e.Subject)})
	}
	run.Rules = topoRules(run.Findings)
	return run
}

func topoFinding(f topology.Finding) Finding {
	return Finding{Rule: f.Rule, Severity: f.Severity, File: f.File, Line: f.Line, Column: f.Column, Message: f.Message, Subject: f.Subject}
}

// topoRules describes the rules the findings name, waived ones included.
// A rule's level is error when one of its findings is an error (the
// configuration may raise a rule's severity), else warning.
func topoRules(fs []Finding) []sarif.Rule {
	meta := ruleMetadata()
	levels := map[string]string{}
	for _, f := range fs {
		if _, ok := levels[f.Rule]; !ok || f.Severity == SeverityError {
			levels[f.Rule] = sarifLevel(f.Severity)
		}
	}
	var out []sarif.Rule
	for id, level := range levels {
		m, ok := meta[id]
		short, url := m.Title, m.URL
		if !ok || short == "" {
			short = id // a user policy
		}
		if url == "" {
			url = TopologyRuleURL(id)
		}
		out = append(out, sarif.Rule{ID: id, Short: short, Full: m.Description, Help: m.Description, HelpURI: url, Level: level})
	}
	slices.SortFunc(out, func(a, b sarif.Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// TopologyRuleURL is the documentation page of a built-in topology rule,
// one of the pages ruledoc.BaseURL holds; "" for a user policy (custom/...).
func TopologyRuleURL(id string) string {
	if strings.HasPrefix(id, "custom/") {
		return ""
	}
	return ruledoc.URL("topology/" + id)
}

// ruleMetadata reads the title, description and page of every built-in
// rule from the rules package (its Rego METADATA).
func ruleMetadata() map[string]rules.Rule {
	out := map[string]rules.Rule{}
	all, err := rules.All()
	if err != nil {
		return out // SARIF then names rules by id alone
	}
	for _, r := range all {
		out[r.ID] = r
	}
	return out
}
