package report_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/nines-dev/nines/internal/report"
)

func TestGitHubVet(t *testing.T) {
	assert.Equal(t,
		"::warning file=svc/api/client.go,line=12,col=9,endLine=12,endColumn=20,title=httpclienttimeout::http.Get uses http.DefaultClient, which has no timeout\n"+
			"::warning file=svc/srv/main.go,line=3,col=1,title=servertimeout::50%25, a:b, two%0Alines\n",
		format(t, "github", sampleReport(vetRun())), "warnings, paths relative to the repository root, messages escaped")
}

func TestGitHubTopology(t *testing.T) {
	assert.Equal(t,
		"::error file=svc/deploy/shop.nines.hcl,line=8,col=1,title=spof/single-instance::database \"db\" runs a single instance\n"+
			"::warning file=svc/deploy/shop.nines.hcl,line=16,col=1,title=spof/single-zone::service \"web\" runs in one zone\n",
		format(t, "github", sampleReport(topoRun())),
		"severity as level, names relative to the working directory made relative to the repository root, waived findings left out")
}

func TestGitHubEscapesControlCharacters(t *testing.T) {
	run := topoRun()
	run.Findings = run.Findings[:1]
	run.Findings[0].Message = "a\r\nb\x1bc\u009bd"
	run.Findings[0].Rule = "x,y:z\n"
	assert.Equal(t,
		`::error file=svc/deploy/shop.nines.hcl,line=8,col=1,title=x%2Cy%3Az%0A::a%0D%0Ab\x1bc\u009bd`+"\n",
		format(t, "github", sampleReport(run)), "line breaks as the runner unescapes them, other control characters as in text")
}

func TestGitHubLoadErrors(t *testing.T) {
	run := vetRun()
	run.Findings = nil
	run.LoadErrors = []report.LoadError{
		{PackageID: "m/api", Text: "api/client.go:3:13: cannot use x, a string"},
		{PackageID: "m/gone", Text: "m/gone: no Go files"},
	}
	run.Errors = []report.AnalyzerError{{PackageID: "m/q", Analyzer: "servertimeout", Err: "boom"}}
	assert.Equal(t,
		"::error file=svc/api/client.go,line=3,col=13,title=typecheck::cannot use x, a string\n"+
			"::error title=typecheck::m/gone: no Go files\n"+
			"::error title=servertimeout::servertimeout on m/q: boom\n",
		format(t, "github", sampleReport(run)), "load and analyzer errors are annotations too, at their position when they have one")
}
