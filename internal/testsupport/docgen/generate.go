package docgen

import (
	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/rules"
)

// Files returns every generated documentation file and the rows of the
// README's rule table.
func Files() ([]File, []TableRow, error) {
	var files []File
	var rows []TableRow
	for _, a := range analyzers.All() {
		page := "docs/rules/" + a.Name + ".md"
		files = append(files, File{Path: page, Content: AnalyzerPage(a)})
		rows = append(rows, TableRow{Name: a.Name, Kind: "Go", Severity: "warning", Summary: ruledoc.Summary(a.Doc), Page: page})
	}
	all, err := rules.All()
	if err != nil {
		return nil, nil, err
	}
	for _, r := range all {
		page := "docs/rules/topology/" + r.ID + ".md"
		content, err := TopologyPage(r)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, File{Path: page, Content: content})
		rows = append(rows, TableRow{Name: r.ID, Kind: "topology", Severity: r.Severity, Summary: r.Title, Page: page})
	}
	return files, rows, nil
}
