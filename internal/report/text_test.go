package report_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTextVet(t *testing.T) {
	assert.Equal(t,
		"api/client.go:12:9: http.Get uses http.DefaultClient, which has no timeout (httpclienttimeout)\n"+
			`srv/main.go:3:1: 50%, a:b, two\nlines (servertimeout)`+"\n",
		format(t, "text", sampleReport(vetRun())), "relative to the working directory, suppressed findings left out, newlines escaped")
}

func TestTextTopology(t *testing.T) {
	assert.Equal(t, `deploy/shop.nines.hcl:8:1: error: database "db" runs a single instance (spof/single-instance)
deploy/shop.nines.hcl:16:1: warning: service "web" runs in one zone (spof/single-zone)
1 error, 1 warning, 1 waived by exceptions

JOURNEY   ENTRY  AVAILABILITY  SLO    MET  WINDOW  DOWNTIME  BUDGET    TOP CONTRIBUTORS
checkout  web    99.800%       99.9%  NO   30d     86.4 min  43.2 min  db 75%, web <1%

waived:
  deploy/shop.nines.hcl:22:3: web->api (timeout/missing): the vendor's SDK bounds it

deploy/shop.nines.hcl:44:1: note: exception for spof/single-zone on "wbe" waives nothing: remove it or correct its rule or subject
`, format(t, "text", sampleReport(topoRun())), "file names as the user named them")
}

// TestTextEscapesControlCharacters: a name or message with a newline must
// not start a line of its own, where a CI runner would read a workflow
// command, and an ESC must not reach the terminal.
func TestTextEscapesControlCharacters(t *testing.T) {
	run := topoRun()
	run.Findings[0].Message = "db\n::error file=x.go,line=1::forged"
	run.Findings[1].Message = "web \x1b[2Jcleared\r\x00\u009b"
	run.Journeys[0].Name = "check\nout"
	run.Journeys[0].Contributors[0].Component = "d\tb"
	run.Findings[2].Subject = "web\n->api"
	run.Findings[2].Justification = "ok\r\nfine"
	out := format(t, "text", sampleReport(run))
	assert.Contains(t, out, `deploy/shop.nines.hcl:8:1: error: db\n::error file=x.go,line=1::forged (spof/single-instance)`+"\n")
	assert.Contains(t, out, `warning: web \x1b[2Jcleared\r\x00\u009b (spof/single-zone)`+"\n")
	assert.Contains(t, out, `check\nout  web`)
	assert.Contains(t, out, `d\tb 75%`)
	assert.Contains(t, out, `  deploy/shop.nines.hcl:22:3: web\n->api (timeout/missing): ok\r\nfine`+"\n")
	assert.NotContains(t, out, "\n::error")
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\r")
}

func TestTextOfBothRuns(t *testing.T) {
	both := format(t, "text", sampleReport(vetRun(), topoRun()))
	assert.Equal(t, format(t, "text", sampleReport(vetRun()))+format(t, "text", sampleReport(topoRun())), both, "one run after the other")
}
