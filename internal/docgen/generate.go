package docgen

import (
	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/internal/ruledoc"
)

// Files returns every generated documentation file and the rows of the
// README's rule table.
func Files() ([]File, []TableRow) {
	var files []File
	var rows []TableRow
	for _, a := range analyzers.All() {
		page := "docs/rules/" + a.Name + ".md"
		files = append(files, File{Path: page, Content: AnalyzerPage(a)})
		rows = append(rows, TableRow{Name: a.Name, Kind: "Go", Severity: "warning", Summary: ruledoc.Summary(a.Doc), Page: page})
	}
	return files, rows
}
