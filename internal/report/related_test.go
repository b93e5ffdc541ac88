package report_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/driver/findings"
	"github.com/nines-dev/nines/internal/report"
	"github.com/nines-dev/nines/internal/testsupport/sariftest"
)

// relatedRun is a vet run of one finding with two further sites, the
// shape the rootcause package reports for one cause repeated.
func relatedRun() *report.Run {
	run := vetRun()
	run.Findings = report.GoFindings([]findings.Finding{{
		PackageID: "m/api", Analyzer: "httpclienttimeout",
		Posn: pos("/repo/svc/api/client.go", 12, 9), End: pos("/repo/svc/api/client.go", 12, 20),
		Message: "client has no timeout (3 sites in f share this cause)",
		Related: []findings.Related{
			{Posn: pos("/repo/svc/api/client.go", 14, 3), End: pos("/repo/svc/api/client.go", 14, 9), Message: "another site of the same cause"},
			{Posn: pos("/repo/svc/api/client.go", 20, 5), Message: "another site of the same cause"},
		},
	}})
	return run
}

func TestRelatedText(t *testing.T) {
	assert.Equal(t,
		"api/client.go:12:9: client has no timeout (3 sites in f share this cause) (httpclienttimeout)\n"+
			"api/client.go:14:3: \tanother site of the same cause\n"+
			"api/client.go:20:5: \tanother site of the same cause\n",
		format(t, "text", sampleReport(relatedRun())), "further sites are printed as go vet prints related information")
}

func TestRelatedJSON(t *testing.T) {
	var tree map[string]map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(format(t, "json", sampleReport(relatedRun()))), &tree))
	assert.JSONEq(t, `[{
		"posn": "/repo/svc/api/client.go:12:9",
		"end": "/repo/svc/api/client.go:12:20",
		"message": "client has no timeout (3 sites in f share this cause)",
		"related": [
			{"posn": "/repo/svc/api/client.go:14:3", "end": "/repo/svc/api/client.go:14:9", "message": "another site of the same cause"},
			{"posn": "/repo/svc/api/client.go:20:5", "end": "/repo/svc/api/client.go:20:5", "message": "another site of the same cause"}
		]
	}]`, string(tree["m/api"]["httpclienttimeout"]))
}

func TestRelatedSARIF(t *testing.T) {
	out := format(t, "sarif", sampleReport(relatedRun()))
	require.NoError(t, sariftest.Validate([]byte(out)))
	var log struct {
		Runs []struct {
			Results []struct {
				RelatedLocations []struct {
					ID               int `json:"id"`
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
					} `json:"physicalLocation"`
					Message struct{ Text string }
				} `json:"relatedLocations"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	require.Len(t, log.Runs[0].Results, 1)
	rel := log.Runs[0].Results[0].RelatedLocations
	require.Len(t, rel, 2)
	assert.Equal(t, 1, rel[0].ID)
	assert.Equal(t, 2, rel[1].ID)
	assert.Equal(t, "svc/api/client.go", rel[0].PhysicalLocation.ArtifactLocation.URI, "relative to the repository root")
	assert.Equal(t, 14, rel[0].PhysicalLocation.Region.StartLine)
	// The line is "\tresp, err := http.Get(u)": byte column 3 is character 3,
	// and the tab counts as one.
	assert.Equal(t, 3, rel[0].PhysicalLocation.Region.StartColumn)
	assert.Equal(t, 9, rel[0].PhysicalLocation.Region.EndColumn)
	assert.Equal(t, 20, rel[1].PhysicalLocation.Region.StartLine)
	assert.Equal(t, "another site of the same cause", rel[1].Message.Text)
}
