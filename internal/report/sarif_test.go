package report_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/report"
	"github.com/nines-dev/nines/internal/report/sarif"
	"github.com/nines-dev/nines/internal/testsupport/sariftest"
)

type sarifLog struct {
	Runs []struct {
		AutomationDetails *struct{ ID string }
		Tool              struct {
			Driver struct {
				Rules []struct {
					ID                   string
					HelpURI              string
					DefaultConfiguration struct{ Level string }
				}
			}
		}
		Results []struct {
			RuleID    string
			Level     string
			Locations []struct {
				PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
			}
			PartialFingerprints map[string]string
			Suppressions        []struct{ Justification string }
		}
	}
}

func decodeSARIF(t *testing.T, out string) sarifLog {
	t.Helper()
	require.NoError(t, sariftest.Validate([]byte(out)))
	var log sarifLog
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	return log
}

func TestSARIFVet(t *testing.T) {
	log := decodeSARIF(t, format(t, "sarif", sampleReport(vetRun())))
	require.Len(t, log.Runs, 1)
	assert.Nil(t, log.Runs[0].AutomationDetails, "nines vet's log is as it was")
	res := log.Runs[0].Results
	require.Len(t, res, 3, "suppressed findings are included")
	assert.Equal(t, "svc/api/client.go", res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
	assert.Equal(t, "warning", res[0].Level)
	assert.Equal(t, sarif.Fingerprint("httpclienttimeout", "\tresp, err := http.Get(u)", 1), res[0].PartialFingerprints["primaryLocationLineHash"],
		"fingerprints hash the source line read through ReadFile")
	assert.Equal(t, sarif.Fingerprint("httpclienttimeout", "resp, err := http.Get(u)", 2), res[1].PartialFingerprints["primaryLocationLineHash"])
	assert.Equal(t, "sidecar", res[1].Suppressions[0].Justification)
	assert.Equal(t, sarif.Fingerprint("servertimeout", "", 1), res[2].PartialFingerprints["primaryLocationLineHash"],
		"an unreadable file weakens the fingerprint but does not fail the log")

	run := vetRun()
	run.LoadErrors = []report.LoadError{{PackageID: "m/p", Text: "p/p.go:3:13: cannot use x"}}
	run.Errors = []report.AnalyzerError{{PackageID: "m/q", Analyzer: "servertimeout", Err: "boom"}}
	out := format(t, "sarif", sampleReport(run))
	require.NoError(t, sariftest.Validate([]byte(out)))
	assert.Contains(t, out, `"executionSuccessful": false`)
	assert.Contains(t, out, `"text": "p/p.go:3:13: cannot use x"`)
	assert.Contains(t, out, `"text": "servertimeout on m/q: boom"`)

	run.Rules = run.Rules[:1]
	f, _ := report.Lookup("sarif")
	assert.Error(t, f.Write(&bytes.Buffer{}, sampleReport(run)), "a finding of an analyzer without a rule is a bug")
}

func TestSARIFTopology(t *testing.T) {
	log := decodeSARIF(t, format(t, "sarif", sampleReport(topoRun())))
	require.Len(t, log.Runs, 1)
	levels := map[string]string{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		levels[r.ID] = r.DefaultConfiguration.Level
		assert.Equal(t, report.TopologyRuleURL(r.ID), r.HelpURI)
	}
	assert.Equal(t, map[string]string{"spof/single-instance": "error", "spof/single-zone": "warning", "timeout/missing": "error"}, levels,
		"the rules the findings name, waived ones included, at their findings' level")
	res := log.Runs[0].Results
	require.Len(t, res, 3)
	for _, r := range res {
		assert.Equal(t, "svc/deploy/shop.nines.hcl", r.Locations[0].PhysicalLocation.ArtifactLocation.URI, "relative to the repository root")
	}
	assert.Equal(t, []string{"error", "warning", "error"}, []string{res[0].Level, res[1].Level, res[2].Level})
	assert.Equal(t, "the vendor's SDK bounds it", res[2].Suppressions[0].Justification, "a waived finding is a suppressed result")
	assert.Equal(t, sarif.Fingerprint("spof/single-instance", `service "web" {`, 1), res[0].PartialFingerprints["primaryLocationLineHash"])
}

func TestSARIFOfBothRuns(t *testing.T) {
	r := sampleReport(vetRun(), topoRun())
	r.AutomationIDs = true
	log := decodeSARIF(t, format(t, "sarif", r))
	require.Len(t, log.Runs, 2)
	assert.Equal(t, "nines/vet/", log.Runs[0].AutomationDetails.ID)
	assert.Equal(t, "nines/topo/", log.Runs[1].AutomationDetails.ID)
	assert.Len(t, log.Runs[0].Results, 3)
	assert.Len(t, log.Runs[1].Results, 3)
}
