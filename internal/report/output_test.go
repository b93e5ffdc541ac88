package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/driver/findings"
	"github.com/nines-dev/nines/internal/report"
	"github.com/nines-dev/nines/internal/report/sarif"
	"github.com/nines-dev/nines/internal/testsupport/sariftest"
)

func pos(file string, line, col int) token.Position {
	return token.Position{Filename: file, Line: line, Column: col}
}

func sampleReport() *report.Report {
	return &report.Report{
		Findings: []findings.Finding{
			{PackageID: "m/api", Analyzer: "httpclienttimeout", Posn: pos("/repo/svc/api/client.go", 12, 9), End: pos("/repo/svc/api/client.go", 12, 20),
				Message: "http.Get uses http.DefaultClient, which has no timeout",
				Fixes:   []findings.Fix{{Message: "use a client", Edits: []findings.Edit{{Filename: "/repo/svc/api/client.go", Start: 100, End: 108, New: "client.Get"}}}}},
			{PackageID: "m/api", Analyzer: "httpclienttimeout", Posn: pos("/repo/svc/api/client.go", 20, 2), Message: "suppressed one",
				Suppressed: true, Justification: "sidecar"},
			{PackageID: "m/srv", Analyzer: "servertimeout", Posn: pos("/repo/svc/srv/main.go", 3, 1), Message: "50%, a:b, two\nlines"},
		},
		Rules:    []sarif.Rule{{ID: "httpclienttimeout", Short: "s"}, {ID: "servertimeout", Short: "t"}},
		Tool:     sarif.Tool{Name: "nines", Version: "v0"},
		WorkDir:  "/repo/svc",
		RepoRoot: "/repo",
		ReadFile: func(name string) ([]byte, error) {
			if name == "/repo/svc/api/client.go" {
				return bytes.Repeat([]byte("\tresp, err := http.Get(u)\n"), 30), nil
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

func TestText(t *testing.T) {
	assert.Equal(t,
		"api/client.go:12:9: http.Get uses http.DefaultClient, which has no timeout (httpclienttimeout)\n"+
			"srv/main.go:3:1: 50%, a:b, two\nlines (servertimeout)\n",
		format(t, "text", sampleReport()), "relative to the working directory, suppressed findings left out")
}

func TestJSON(t *testing.T) {
	r := sampleReport()
	r.Errors = []report.AnalyzerError{{PackageID: "m/broken", Analyzer: "servertimeout", Err: "boom"}}
	var tree map[string]map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(format(t, "json", r)), &tree))
	assert.Len(t, tree, 3)
	assert.JSONEq(t, `[{
		"posn": "/repo/svc/api/client.go:12:9",
		"end": "/repo/svc/api/client.go:12:20",
		"message": "http.Get uses http.DefaultClient, which has no timeout",
		"suggested_fixes": [{"message": "use a client", "edits": [{"filename": "/repo/svc/api/client.go", "start": 100, "end": 108, "new": "client.Get"}]}]
	}]`, string(tree["m/api"]["httpclienttimeout"]))
	assert.JSONEq(t, `[{"posn": "/repo/svc/srv/main.go:3:1", "end": "/repo/svc/srv/main.go:3:1", "message": "50%, a:b, two\nlines"}]`,
		string(tree["m/srv"]["servertimeout"]), "end defaults to the start")
	assert.JSONEq(t, `{"error": "boom"}`, string(tree["m/broken"]["servertimeout"]))
}

func TestGitHub(t *testing.T) {
	assert.Equal(t,
		"::error file=svc/api/client.go,line=12,col=9,endLine=12,endColumn=20,title=httpclienttimeout::http.Get uses http.DefaultClient, which has no timeout\n"+
			"::error file=svc/srv/main.go,line=3,col=1,title=servertimeout::50%25, a:b, two%0Alines\n",
		format(t, "github", sampleReport()), "paths relative to the repository root; messages escaped")
}

func TestSARIF(t *testing.T) {
	out := format(t, "sarif", sampleReport())
	require.NoError(t, sariftest.Validate([]byte(out)))
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
				PartialFingerprints map[string]string
				Suppressions        []struct{ Justification string }
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	res := log.Runs[0].Results
	require.Len(t, res, 3, "suppressed findings are included")
	assert.Equal(t, "svc/api/client.go", res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
	assert.Equal(t, sarif.Fingerprint("httpclienttimeout", "\tresp, err := http.Get(u)", 1), res[0].PartialFingerprints["primaryLocationLineHash"],
		"fingerprints hash the source line read through ReadFile")
	assert.Equal(t, sarif.Fingerprint("httpclienttimeout", "resp, err := http.Get(u)", 2), res[1].PartialFingerprints["primaryLocationLineHash"])
	assert.Equal(t, "sidecar", res[1].Suppressions[0].Justification)
	assert.Equal(t, sarif.Fingerprint("servertimeout", "", 1), res[2].PartialFingerprints["primaryLocationLineHash"],
		"an unreadable file weakens the fingerprint but does not fail the log")

	r := sampleReport()
	r.LoadErrors = []string{"p/p.go:3:13: cannot use x"}
	r.Errors = []report.AnalyzerError{{PackageID: "m/q", Analyzer: "servertimeout", Err: "boom"}}
	out = format(t, "sarif", r)
	require.NoError(t, sariftest.Validate([]byte(out)))
	assert.Contains(t, out, `"executionSuccessful": false`)
	assert.Contains(t, out, `"text": "p/p.go:3:13: cannot use x"`)
	assert.Contains(t, out, `"text": "servertimeout on m/q: boom"`)

	r.Rules = r.Rules[:1]
	f, _ := report.Lookup("sarif")
	assert.Error(t, f.Write(&bytes.Buffer{}, r), "a finding of an analyzer without a rule is a bug")
}

func TestLookup(t *testing.T) {
	assert.Equal(t, []string{"github", "json", "sarif", "text"}, report.Names())
	_, err := report.Lookup("xml")
	require.Error(t, err)
	assert.Equal(t, `unknown format "xml" (want github, json, sarif, text)`, err.Error())
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
