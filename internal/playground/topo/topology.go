// Package topo is the logic of the playground's topology worker, apart from
// package playground so that the Go worker does not link OPA and HCL.
package topo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/nines-dev/nines/internal/playground"
	"github.com/nines-dev/nines/internal/playground/output"
	"github.com/nines-dev/nines/internal/report"
	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/policy"
)

// PolicyDir is the directory name user policies are given in the page, as
// it appears in policy error messages ("policy/custom.rego:3:1: ...").
const PolicyDir = "policy"

// Request is what the page sends the topology worker.
type Request struct {
	// Files are topology files (*.nines.hcl or *.nines.json).
	Files []playground.File `json:"files"`
	// Policies are user Rego policies, evaluated with the built-in rules.
	// Their names are relative to PolicyDir.
	Policies []playground.File `json:"policies,omitempty"`
	// Config overrides the rules' thresholds (data.nines.config).
	Config map[string]any `json:"config,omitempty"`
	// SkipPolicies leaves the policies out: the result has the journeys
	// and the graph but no findings. The page asks for it first, so the
	// table and graph show while OPA compiles the rules for the first time.
	SkipPolicies bool `json:"skipPolicies,omitempty"`
	// Advise asks for the changes that raise each journey below its SLO
	// most, as `nines topo --advise` lists them (Result.Advice).
	Advise bool `json:"advise,omitempty"`
	// Fail, "zone:NAME" or "component:NAME", asks what `nines topo --fail`
	// answers for it (Result.Fail).
	Fail string `json:"fail,omitempty"`
}

// Result is the topology worker's answer.
type Result struct {
	Findings []Finding                `json:"findings"`
	Waived   []Finding                `json:"waived"`
	Journeys []*topology.JourneyFacts `json:"journeys"`
	// DOT is the dependency graph in Graphviz's language; single points
	// of failure are highlighted.
	DOT string `json:"dot"`
	// Partial is set when the policies were skipped (Request.SkipPolicies).
	Partial bool `json:"partial,omitempty"`
	// Components and Calls are the graph's nodes and edges with the
	// positions of their blocks.
	Components []ComponentInfo `json:"components"`
	Calls      []CallInfo      `json:"calls"`
	// Targets are the zones and components a failure can be asked about.
	Targets *Targets `json:"targets,omitempty"`
	// Advice is set when the request asked for it (Request.Advise).
	Advice []AdviceRow `json:"advice"` // null when not asked for
	// Fail is set when the request named a target (Request.Fail).
	Fail   *FailResult       `json:"fail,omitempty"`
	Notes  []playground.Note `json:"notes"`
	Millis float64           `json:"millis"`
}

// Finding is a finding of a rule or user policy.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Subject  string `json:"subject"`
	URL      string `json:"url,omitempty"` // empty for user policies
	Reason   string `json:"reason,omitempty"`
	playground.Range
}

// Check runs the topology checks of `nines topo` over the page's
// files.
func Check(ctx context.Context, req Request) *Result {
	start := time.Now()
	res := &Result{Findings: []Finding{}, Waived: []Finding{}, Journeys: []*topology.JourneyFacts{},
		Components: []ComponentInfo{}, Calls: []CallInfo{}, Notes: []playground.Note{}}
	files, sources, opts := inputs(req)
	res.Partial = req.SkipPolicies
	notes := playground.NewNotes(sources)
	defer func() {
		res.Notes = notes.Sorted()
		res.Millis = float64(time.Since(start).Microseconds()) / 1000
	}()
	if len(files) == 0 {
		return res
	}

	report, err := topology.CheckFiles(ctx, files, opts)
	if err != nil {
		var list topology.ErrorList
		var one *topology.Error
		switch {
		case errors.As(err, &list):
			for _, e := range list {
				notes.Add("load", "error", e.Message, posOf(e.Pos))
			}
		case errors.As(err, &one):
			notes.Add("load", "error", one.Message, posOf(one.Pos))
		default:
			addPositioned(notes, "policy", err)
		}
		return res
	}
	for _, f := range report.Findings {
		res.Findings = append(res.Findings, topoFinding(notes, f, ""))
	}
	for _, w := range report.Waived {
		res.Waived = append(res.Waived, topoFinding(notes, w.Finding, w.Reason))
	}
	for _, e := range report.UnusedExceptions {
		notes.Add("exception", "info", fmt.Sprintf("exception for %s on %q waives nothing: remove it or correct its rule or subject", e.Rule, e.Subject), posOf(e.Pos))
	}
	if report.Facts != nil {
		res.Journeys = append(res.Journeys, report.Facts.Journeys...)
	}
	var dot strings.Builder
	if err := topology.WriteDOT(&dot, report); err != nil {
		notes.Add("load", "error", fmt.Sprintf("drawing the dependency graph: %v", err), posOf(topology.Pos{}))
	}
	res.DOT = dot.String()
	res.Components, res.Calls = placesOf(notes, report.Model)
	// Advise and Fail change the model while they compute and restore it:
	// after everything else has read it.
	res.Targets = targetsOf(report.Model)
	if req.Advise {
		res.Advice = adviseRows(report.Model)
	}
	if req.Fail != "" {
		res.Fail = failRows(report.Model, req.Fail)
	}
	return res
}

// inputs are the files, the sources by name (policies under PolicyDir)
// and the options of a check of req.
func inputs(req Request) (map[string][]byte, map[string]string, topology.Options) {
	sources := make(map[string]string)
	files := make(map[string][]byte)
	for _, f := range req.Files {
		sources[f.Name] = f.Content
		files[f.Name] = []byte(f.Content)
	}
	opts := topology.Options{Config: req.Config}
	if req.SkipPolicies {
		opts.Evaluate = func(context.Context, any, policy.Options) ([]policy.Finding, error) { return nil, nil }
	}
	if len(req.Policies) > 0 {
		pfs := fstest.MapFS{}
		for _, p := range req.Policies {
			pfs[p.Name] = &fstest.MapFile{Data: []byte(p.Content)}
			sources[PolicyDir+"/"+p.Name] = p.Content
		}
		opts.Policies = []fs.FS{policy.Dir(PolicyDir, pfs)}
	}
	return files, sources, opts
}

// Output checks the files of req and prints the report as nines topo does
// (text, --format json, --format sarif). A topology that does not load
// gives the error nines topo prints instead.
func Output(ctx context.Context, req Request) (*output.Formats, error) {
	files, _, opts := inputs(req)
	checked, err := topology.CheckFiles(ctx, files, opts)
	if err != nil {
		return nil, err
	}
	return output.Write(report.TopoRun(checked, nil), req.Files)
}

func topoFinding(notes *playground.Notes, f topology.Finding, reason string) Finding {
	tf := Finding{Rule: f.Rule, Severity: f.Severity, Message: f.Message, Subject: f.Subject, Reason: reason,
		Range: notes.RangeOf(posOf(topology.Pos{File: f.File, Line: f.Line, Column: f.Column}), zeroPos),
		URL:   report.TopologyRuleURL(f.Rule)}
	return tf
}

// positioned finds "file:line:col: message" in an error's text; policy
// errors carry their position that way.
var positioned = regexp.MustCompile(`(?m)([^\s:]+):(\d+):(\d+): (.+)$`)

func addPositioned(notes *playground.Notes, kind string, err error) {
	ms := positioned.FindAllStringSubmatch(err.Error(), -1)
	if len(ms) == 0 {
		notes.Add(kind, "error", err.Error(), zeroPos)
		return
	}
	for _, m := range ms {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		notes.Add(kind, "error", m[4], posOf(topology.Pos{File: m[1], Line: line, Column: col}))
	}
}
