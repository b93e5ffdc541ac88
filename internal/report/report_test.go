package report_test

import (
	"bytes"
	"errors"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/driver/findings"
	"github.com/nines-dev/nines/internal/report"
	"github.com/nines-dev/nines/internal/report/sarif"
	"github.com/nines-dev/nines/topology"
)

func pos(file string, line, col int) token.Position {
	return token.Position{Filename: file, Line: line, Column: col}
}

// vetRun is a Go analyzers' run in the repository /repo.
func vetRun() *report.Run {
	return &report.Run{
		Kind: report.Vet,
		Findings: report.GoFindings([]findings.Finding{
			{PackageID: "m/api", Analyzer: "httpclienttimeout", Posn: pos("/repo/svc/api/client.go", 12, 9), End: pos("/repo/svc/api/client.go", 12, 20),
				Message: "http.Get uses http.DefaultClient, which has no timeout",
				Fixes:   []findings.Fix{{Message: "use a client", Edits: []findings.Edit{{Filename: "/repo/svc/api/client.go", Start: 100, End: 108, New: "client.Get"}}}}},
			{PackageID: "m/api", Analyzer: "httpclienttimeout", Posn: pos("/repo/svc/api/client.go", 20, 2), Message: "suppressed one",
				Suppressed: true, Justification: "sidecar"},
			{PackageID: "m/srv", Analyzer: "servertimeout", Posn: pos("/repo/svc/srv/main.go", 3, 1), Message: "50%, a:b, two\nlines"},
		}),
		Rules: []sarif.Rule{{ID: "httpclienttimeout", Short: "s"}, {ID: "servertimeout", Short: "t"}},
	}
}

// topoRun is a topology run of files named relative to /repo/svc: an
// error, a warning, a waived finding, a journey and an unused exception.
func topoRun() *report.Run {
	return report.TopoRun(&topology.Report{
		Findings: []topology.Finding{
			{Rule: "spof/single-instance", Severity: "error", Message: `database "db" runs a single instance`, Subject: "db", File: "deploy/shop.nines.hcl", Line: 8, Column: 1},
			{Rule: "spof/single-zone", Severity: "warning", Message: `service "web" runs in one zone`, Subject: "web", File: "deploy/shop.nines.hcl", Line: 16, Column: 1},
		},
		Waived: []topology.Waived{{
			Finding:   topology.Finding{Rule: "timeout/missing", Severity: "error", Message: "no timeout", Subject: "web->api", File: "deploy/shop.nines.hcl", Line: 22, Column: 3},
			Reason:    "the vendor's SDK bounds it",
			Exception: topology.Pos{File: "deploy/shop.nines.hcl", Line: 40, Column: 1},
		}},
		Journeys: []*topology.JourneyResult{{
			Journey:      &topology.Journey{Name: "checkout", Entry: "web", SLO: 0.999, Window: "30d"},
			Availability: 0.998, DowntimeMinutes: 86.4, ErrorBudgetMinutes: 43.2,
			Contributors: []topology.Contributor{{Component: "db", Unavailability: 0.0015, Share: 0.75}, {Component: "web", Unavailability: 0.00001, Share: 0.004}},
		}},
		UnusedExceptions: []*topology.Exception{{Rule: "spof/single-zone", Subject: "wbe", Pos: topology.Pos{File: "deploy/shop.nines.hcl", Line: 44, Column: 1}}},
	}, nil)
}

func sampleReport(runs ...*report.Run) *report.Report {
	return &report.Report{
		Runs:     runs,
		Tool:     sarif.Tool{Name: "nines", Version: "v0"},
		WorkDir:  "/repo/svc",
		RepoRoot: "/repo",
		ReadFile: func(name string) ([]byte, error) {
			switch name {
			case "/repo/svc/api/client.go":
				return bytes.Repeat([]byte("\tresp, err := http.Get(u)\n"), 30), nil
			case "deploy/shop.nines.hcl":
				return bytes.Repeat([]byte("  service \"web\" {\n"), 50), nil
			}
			return nil, errors.New("gone")
		},
	}
}

func format(t *testing.T, name string, r *report.Report) string {
	t.Helper()
	f, err := report.Lookup(name)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf, r))
	return buf.String()
}

func TestLookup(t *testing.T) {
	assert.Equal(t, []string{"text", "json", "sarif", "github"}, report.Names())
	assert.Len(t, report.Names(), len(report.Formats), "every format is listed in Names once")
	for _, n := range report.Names() {
		assert.Contains(t, report.Formats, n)
	}
	_, err := report.Lookup("xml")
	require.Error(t, err)
	assert.Equal(t, `unknown format "xml" (want text, json, sarif, github)`, err.Error())
}

func TestPaths(t *testing.T) {
	assert.Equal(t, "a/b.go", report.Rel("/r", "/r/a/b.go", true))
	assert.Equal(t, "/elsewhere/b.go", report.Rel("/r", "/elsewhere/b.go", true), "outside the root stays absolute")
	assert.Equal(t, "/r2/b.go", report.Rel("/r", "/r2/b.go", true))
	assert.Equal(t, "rel/b.go", report.Rel("/r", "rel/b.go", true))
	assert.Equal(t, "../b/b.go", report.Short("/root/a", "/root/b/b.go"), "shorter relative path")
	assert.Equal(t, "/b.go", report.Short("/r/a/c/d", "/b.go"), "absolute when shorter")
	assert.Equal(t, "/x.go", report.Short("", "/x.go"))
}

func TestGoFindingsAreWarnings(t *testing.T) {
	for _, f := range vetRun().Findings {
		assert.Equal(t, report.SeverityWarning, f.Severity, f.Message)
	}
}

func TestTopologyURL(t *testing.T) {
	assert.Equal(t, "https://github.com/nines-dev/nines/blob/main/docs/rules/topology/spof/single-zone.md", report.TopologyRuleURL("spof/single-zone"))
	assert.Empty(t, report.TopologyRuleURL("custom/owners"), "a user policy has no page")
}
