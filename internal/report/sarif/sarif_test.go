package sarif_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/report/sarif"
	"github.com/nines-dev/nines/internal/testsupport/sariftest"
)

var tool = sarif.Tool{Name: "nines", Version: "v1.2.3", InformationURI: "https://github.com/nines-dev/nines"}

var rules = []sarif.Rule{
	{ID: "servertimeout", Short: "report servers open to slow clients", Help: "servertimeout: ...", HelpURI: "https://example.com/servertimeout.md"},
	{ID: "httpclienttimeout", Short: "report outbound HTTP calls that can wait forever", Full: "longer", Help: "help text", HelpMarkdown: "# help", HelpURI: "https://example.com/httpclienttimeout.md", Level: sarif.Error},
}

// decoded is the part of a log the tests look at.
type decoded struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		ColumnKind string `json:"columnKind"`
		Tool       struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID               string `json:"id"`
					ShortDescription struct{ Text string }
					FullDescription  struct{ Text string }
					Help             struct{ Text, Markdown string }
					HelpURI          string `json:"helpUri"`
					DefaultConfig    struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
					Region           *struct{ StartLine, StartColumn, EndLine, EndColumn int }
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Suppressions        []struct{ Kind, Justification string }
		} `json:"results"`
	} `json:"runs"`
}

func write(t *testing.T, rules []sarif.Rule, results []sarif.Result) (decoded, []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, sarif.Write(&buf, tool, rules, results))
	require.NoError(t, sariftest.Validate(buf.Bytes()), "log:\n%s", buf.String())
	var d decoded
	require.NoError(t, json.Unmarshal(buf.Bytes(), &d))
	require.Len(t, d.Runs, 1)
	return d, buf.Bytes()
}

func TestWriteValidLog(t *testing.T) {
	results := []sarif.Result{
		{RuleID: "servertimeout", Message: "http.ListenAndServe has no timeouts", File: "cmd/api/main.go", StartLine: 20, StartColumn: 2, EndLine: 20, EndColumn: 40, LineText: "\thttp.ListenAndServe(addr, mux)"},
		{RuleID: "httpclienttimeout", Message: "http.Get uses http.DefaultClient", File: "client/fetch.go", StartLine: 9, StartColumn: 12, EndLine: 9, EndColumn: 30, LineText: "\tresp, err := http.Get(url)", Suppressed: true, Justification: "bounded by the caller"},
		{RuleID: "httpclienttimeout", Level: sarif.Note, Message: "an earlier finding", File: "client/fetch.go", StartLine: 3, StartColumn: 1, LineText: "x"},
	}
	d, raw := write(t, rules, results)
	assert.Equal(t, sarif.SchemaURI, d.Schema)
	assert.Equal(t, "2.1.0", d.Version)
	run := d.Runs[0]
	assert.Equal(t, "unicodeCodePoints", run.ColumnKind)
	assert.Equal(t, "nines", run.Tool.Driver.Name)
	assert.Equal(t, "v1.2.3", run.Tool.Driver.Version)

	// Rules are sorted by id and carry their documentation.
	require.Len(t, run.Tool.Driver.Rules, 2)
	r0 := run.Tool.Driver.Rules[0]
	assert.Equal(t, "httpclienttimeout", r0.ID)
	assert.Equal(t, "report outbound HTTP calls that can wait forever", r0.ShortDescription.Text)
	assert.Equal(t, "longer", r0.FullDescription.Text)
	assert.Equal(t, "help text", r0.Help.Text)
	assert.Equal(t, "# help", r0.Help.Markdown)
	assert.Equal(t, "https://example.com/httpclienttimeout.md", r0.HelpURI)
	assert.Equal(t, "error", r0.DefaultConfig.Level)
	r1 := run.Tool.Driver.Rules[1]
	assert.Equal(t, "servertimeout", r1.ID)
	assert.Equal(t, r1.ShortDescription.Text, r1.FullDescription.Text, "full description defaults to the short one")
	assert.Equal(t, "warning", r1.DefaultConfig.Level)

	// Results are sorted by file then position, and point at their rule.
	require.Len(t, run.Results, 3)
	var order []string
	for _, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation
		order = append(order, loc.ArtifactLocation.URI+":"+r.Message.Text)
		assert.Equal(t, r.RuleID, run.Tool.Driver.Rules[r.RuleIndex].ID)
	}
	assert.Equal(t, []string{
		"client/fetch.go:an earlier finding",
		"client/fetch.go:http.Get uses http.DefaultClient",
		"cmd/api/main.go:http.ListenAndServe has no timeouts",
	}, order)
	assert.Equal(t, "note", run.Results[0].Level, "the result's own level wins")
	assert.Equal(t, "error", run.Results[1].Level, "the rule's level is the default")
	assert.Equal(t, "warning", run.Results[2].Level)

	reg := run.Results[1].Locations[0].PhysicalLocation.Region
	require.NotNil(t, reg)
	assert.Equal(t, struct{ StartLine, StartColumn, EndLine, EndColumn int }{9, 12, 9, 30}, *reg)

	// Only the nolint'd finding carries a suppression.
	assert.Empty(t, run.Results[0].Suppressions)
	require.Len(t, run.Results[1].Suppressions, 1)
	assert.Equal(t, "inSource", run.Results[1].Suppressions[0].Kind)
	assert.Equal(t, "bounded by the caller", run.Results[1].Suppressions[0].Justification)

	for _, r := range run.Results {
		assert.Regexp(t, `^[0-9a-f]{16}:[0-9]+$`, r.PartialFingerprints["primaryLocationLineHash"])
	}

	// The same input, in another order, gives the same bytes.
	reversed := []sarif.Result{results[2], results[1], results[0]}
	_, raw2 := write(t, []sarif.Rule{rules[1], rules[0]}, reversed)
	assert.Equal(t, string(raw), string(raw2))
}

func TestEmptyLogHasEmptyArrays(t *testing.T) {
	_, raw := write(t, nil, nil)
	assert.Contains(t, string(raw), `"results": []`)
	assert.Contains(t, string(raw), `"rules": []`)
}

func fingerprints(t *testing.T, results []sarif.Result) []string {
	t.Helper()
	d, _ := write(t, rules, results)
	var fps []string
	for _, r := range d.Runs[0].Results {
		fps = append(fps, r.PartialFingerprints["primaryLocationLineHash"])
	}
	return fps
}

func TestFingerprintStableAcrossMovesAndReindent(t *testing.T) {
	before := fingerprints(t, []sarif.Result{
		{RuleID: "httpclienttimeout", Message: "m", File: "a.go", StartLine: 10, StartColumn: 2, LineText: "\tresp, err := http.Get(u)"},
	})
	after := fingerprints(t, []sarif.Result{
		{RuleID: "httpclienttimeout", Message: "m", File: "a.go", StartLine: 42, StartColumn: 5, LineText: "        resp, err := http.Get(u)  "},
	})
	assert.Equal(t, before, after, "moving or re-indenting the line keeps the fingerprint")
	assert.Equal(t, sarif.Fingerprint("httpclienttimeout", "resp, err := http.Get(u)", 1), before[0])

	otherRule := fingerprints(t, []sarif.Result{
		{RuleID: "servertimeout", Message: "m", File: "a.go", StartLine: 10, LineText: "\tresp, err := http.Get(u)"},
	})
	assert.NotEqual(t, before, otherRule)
	otherText := fingerprints(t, []sarif.Result{
		{RuleID: "httpclienttimeout", Message: "m", File: "a.go", StartLine: 10, LineText: "\tresp, err := http.Head(u)"},
	})
	assert.NotEqual(t, before, otherText)
}

func TestFingerprintOccurrenceIndex(t *testing.T) {
	line := "\tgo http.ListenAndServe(a, nil)"
	fps := fingerprints(t, []sarif.Result{
		{RuleID: "servertimeout", Message: "m", File: "b.go", StartLine: 30, LineText: line},
		{RuleID: "servertimeout", Message: "m", File: "b.go", StartLine: 7, LineText: line},
		{RuleID: "servertimeout", Message: "m", File: "c.go", StartLine: 7, LineText: line},
	})
	h := sarif.Fingerprint("servertimeout", line, 1)
	hash := strings.TrimSuffix(h, ":1")
	assert.Equal(t, []string{hash + ":1", hash + ":2", hash + ":1"}, fps,
		"identical lines in one file are told apart by their order; other files count separately")
}

func TestColumnsCountCharacters(t *testing.T) {
	// "é" is two bytes: byte column 14 is character column 13.
	d, _ := write(t, rules, []sarif.Result{
		{RuleID: "servertimeout", Message: "m", File: "d.go", StartLine: 1, StartColumn: 14, EndLine: 1, EndColumn: 20, LineText: `s := "é"; x := f()`},
	})
	reg := d.Runs[0].Results[0].Locations[0].PhysicalLocation.Region
	require.NotNil(t, reg)
	assert.Equal(t, 13, reg.StartColumn)
	assert.Equal(t, 19, reg.EndColumn)
}

func TestResultsWithoutPosition(t *testing.T) {
	d, _ := write(t, rules, []sarif.Result{
		{RuleID: "servertimeout", Message: "whole file", File: "dir with space/e.hcl"},
		{RuleID: "servertimeout", Message: "no file at all"},
	})
	res := d.Runs[0].Results
	require.Len(t, res, 2)
	assert.Empty(t, res[0].Locations)
	assert.Equal(t, "dir%20with%20space/e.hcl", res[1].Locations[0].PhysicalLocation.ArtifactLocation.URI)
	assert.Nil(t, res[1].Locations[0].PhysicalLocation.Region)
	assert.Empty(t, res[1].PartialFingerprints)
}

func TestWriteRejectsBadInput(t *testing.T) {
	for name, tc := range map[string]struct {
		rules   []sarif.Rule
		results []sarif.Result
		want    string
	}{
		"unknown rule":    {rules, []sarif.Result{{RuleID: "nosuch", File: "a.go", StartLine: 3}}, `result at a.go:3 has rule "nosuch"`},
		"bad level":       {rules, []sarif.Result{{RuleID: "servertimeout", Level: "fatal"}}, `invalid level "fatal"`},
		"bad rule level":  {[]sarif.Rule{{ID: "x", Level: "high"}}, nil, `rule "x": invalid level "high"`},
		"duplicate rule":  {[]sarif.Rule{{ID: "x"}, {ID: "x"}}, nil, `rule "x" listed twice`},
		"rule without id": {[]sarif.Rule{{Short: "s"}}, nil, `rule 0 has no id`},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			err := sarif.Write(&buf, tool, tc.rules, tc.results)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Zero(t, buf.Len(), "nothing is written on error")
		})
	}
}

func TestSchemaRejectsInvalidLogs(t *testing.T) {
	// The validator is only worth something if it fails on bad logs.
	for _, bad := range []string{
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}`,
		`{"version": "2.0.0", "runs": []}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "suppressions": [{"kind": "nolint"}]}]}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"region": {"startLine": 0}}}]}]}]}`,
	} {
		assert.Error(t, sariftest.Validate([]byte(bad)), bad)
	}
}

func TestLineTexts(t *testing.T) {
	fsys := fstest.MapFS{
		"pkg/a.go": {Data: []byte("package a\r\n\nfunc f() { g() }\n")},
	}
	results := []sarif.Result{
		{RuleID: "r", File: "pkg/a.go", StartLine: 3},
		{RuleID: "r", File: "pkg/a.go", StartLine: 1},
		{RuleID: "r", File: "pkg/a.go"},
	}
	require.NoError(t, sarif.LineTexts(fsys, results))
	assert.Equal(t, "func f() { g() }", results[0].LineText)
	assert.Equal(t, "package a", results[1].LineText)
	assert.Empty(t, results[2].LineText)

	missing := []sarif.Result{{RuleID: "r", File: "nope.go", StartLine: 1}, {RuleID: "r", File: "pkg/a.go", StartLine: 99}}
	err := sarif.LineTexts(fsys, missing)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nope.go")
}

func TestNotifications(t *testing.T) {
	check := func(l sarif.Log) (bool, []string) {
		t.Helper()
		var buf bytes.Buffer
		require.NoError(t, l.Write(&buf))
		require.NoError(t, sariftest.Validate(buf.Bytes()), buf.String())
		var d struct {
			Runs []struct {
				Invocations []struct {
					ExecutionSuccessful        bool
					ToolExecutionNotifications []struct {
						Level   string
						Message struct{ Text string }
					}
				}
			}
		}
		require.NoError(t, json.Unmarshal(buf.Bytes(), &d))
		require.Len(t, d.Runs[0].Invocations, 1)
		inv := d.Runs[0].Invocations[0]
		var got []string
		for _, n := range inv.ToolExecutionNotifications {
			got = append(got, n.Level+": "+n.Message.Text)
		}
		return inv.ExecutionSuccessful, got
	}
	ok, got := check(sarif.Log{Tool: tool})
	assert.True(t, ok)
	assert.Empty(t, got)

	ok, got = check(sarif.Log{Tool: tool, Notifications: []sarif.Notification{{Level: sarif.Warning, Message: "slow"}}})
	assert.True(t, ok, "a warning does not fail the run")
	assert.Equal(t, []string{"warning: slow"}, got)

	ok, got = check(sarif.Log{Tool: tool, Rules: rules, Notifications: []sarif.Notification{
		{Message: "p/p.go:3:13: cannot use x"}, {Level: sarif.Note, Message: "n"},
	}})
	assert.False(t, ok)
	assert.Equal(t, []string{"error: p/p.go:3:13: cannot use x", "note: n"}, got)

	err := sarif.Log{Tool: tool, Notifications: []sarif.Notification{{Level: "loud", Message: "m"}}}.Write(&bytes.Buffer{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid level "loud"`)
}
