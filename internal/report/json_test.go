package report_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/report"
)

func TestJSONVet(t *testing.T) {
	run := vetRun()
	run.Errors = []report.AnalyzerError{{PackageID: "m/broken", Analyzer: "servertimeout", Err: "boom"}}
	var tree map[string]map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(format(t, "json", sampleReport(run))), &tree))
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

func TestJSONTopology(t *testing.T) {
	run := topoRun()
	run.Findings[0].Message = "a <b> & c\x1b"
	assert.Equal(t, `{
  "findings": [
    {
      "rule": "spof/single-instance",
      "severity": "error",
      "message": "a <b> & c\u001b",
      "subject": "db",
      "file": "deploy/shop.nines.hcl",
      "line": 8,
      "column": 1
    },
    {
      "rule": "spof/single-zone",
      "severity": "warning",
      "message": "service \"web\" runs in one zone",
      "subject": "web",
      "file": "deploy/shop.nines.hcl",
      "line": 16,
      "column": 1
    }
  ],
  "journeys": [
    {
      "name": "checkout",
      "entry": "web",
      "slo": 0.999,
      "availability": 0.998,
      "meets_slo": false,
      "window": "30d",
      "downtime_minutes": 86.4,
      "error_budget_minutes": 43.2,
      "contributors": [
        {
          "component": "db",
          "unavailability": 0.0015,
          "share": 0.75
        },
        {
          "component": "web",
          "unavailability": 0.00001,
          "share": 0.004
        }
      ]
    }
  ],
  "waived": [
    {
      "rule": "timeout/missing",
      "severity": "error",
      "message": "no timeout",
      "subject": "web->api",
      "file": "deploy/shop.nines.hcl",
      "line": 22,
      "column": 3,
      "reason": "the vendor's SDK bounds it",
      "exception": {
        "file": "deploy/shop.nines.hcl",
        "line": 40,
        "column": 1
      }
    }
  ]
}
`, format(t, "json", sampleReport(run)), "file names as given, control characters escaped by the encoding, < > & as they are")
}

func TestJSONRefusesTwoRuns(t *testing.T) {
	f, err := report.Lookup("json")
	require.NoError(t, err)
	assert.Error(t, f.Write(new(nopWriter), sampleReport(vetRun(), topoRun())), "the two documents differ: no JSON for nines check")
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }

func TestJSONLoadErrors(t *testing.T) {
	run := vetRun()
	run.Findings = nil
	run.LoadErrors = []report.LoadError{
		{PackageID: "m/api", Text: "api/client.go:3:13: cannot use x"},
		{PackageID: "m/api", Text: "api/client.go:4:1: missing return"},
	}
	assert.JSONEq(t, `{"m/api": {"typecheck": {"error": "api/client.go:3:13: cannot use x\napi/client.go:4:1: missing return"}}}`,
		format(t, "json", sampleReport(run)), "a package's load errors in the tree, as an analyzer's error is")
}
