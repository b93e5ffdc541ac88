// Package output prints the playground's findings as the command line
// prints them: nines vet's text, -json and -format sarif for the Go tab,
// nines topo's for the Topology tab, through internal/report, the CLI's own
// report code. It is linked into the topology worker, which links
// internal/report already, and not into the Go worker, which would grow by
// the topology packages report imports.
package output

import (
	"bytes"
	"cmp"
	"go/doc/comment"
	"slices"
	"strings"

	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/driver/findings"
	"github.com/nines-dev/nines/internal/driver/version"
	"github.com/nines-dev/nines/internal/playground"
	"github.com/nines-dev/nines/internal/report"
	"github.com/nines-dev/nines/internal/report/sarif"
)

// Formats are one report in each format the page copies.
type Formats struct {
	Text  string `json:"text"`
	JSON  string `json:"json"`
	SARIF string `json:"sarif"`
}

// Analyzer is what the SARIF log says of an analyzer that ran.
type Analyzer struct {
	Name string `json:"name"`
	Doc  string `json:"doc"`
	URL  string `json:"url"`
}

// GoRequest is the Go tab's state after an analysis: its files, the Go
// worker's findings and the analyzers that ran, in the order they ran.
type GoRequest struct {
	Files       []playground.File       `json:"files"`
	Diagnostics []playground.Diagnostic `json:"diagnostics"`
	// Suppressed are the worker's //nolint'd findings: the SARIF log
	// carries them with their justification, as nines vet's does.
	Suppressed []playground.Diagnostic `json:"suppressed"`
	Analyzers  []Analyzer              `json:"analyzers"`
}

// Go prints the Go worker's findings as nines vet does. File names are
// the playground's (relative to its root) in every format.
func Go(req GoRequest) (*Formats, error) {
	run := &report.Run{Kind: report.Vet, Findings: []report.Finding{}}
	all := slices.Concat(req.Diagnostics, req.Suppressed)
	suppressed := len(req.Diagnostics)
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	// In nines vet's order: by file, line, column, analyzer, message and
	// package, the suppressed findings among the others.
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := all[i], all[j]
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			strings.Compare(a.Analyzer, b.Analyzer), strings.Compare(a.Message, b.Message), strings.Compare(a.Package, b.Package))
	})
	for _, i := range order {
		d := all[i]
		f := report.Finding{
			Rule: d.Analyzer, Severity: report.SeverityWarning, File: d.File,
			Line: d.Line, Column: d.Column, EndLine: d.EndLine, EndColumn: d.EndColumn,
			Message: d.Message, PackageID: d.Package, Category: d.Category,
			Suppressed: i >= suppressed, Justification: d.Justification,
		}
		for _, r := range d.Related {
			f.Related = append(f.Related, report.Related{File: r.File, Line: r.Line, Column: r.Column, EndLine: r.EndLine, EndColumn: r.EndColumn, Message: r.Message})
		}
		for _, fx := range d.Fixes {
			fix := findings.Fix{Message: fx.Message}
			for _, e := range fx.Edits {
				fix.Edits = append(fix.Edits, findings.Edit{Filename: e.File, Start: e.Start, End: e.End, New: e.New})
			}
			f.Fixes = append(f.Fixes, fix)
		}
		run.Findings = append(run.Findings, f)
	}
	for _, a := range req.Analyzers {
		run.Rules = append(run.Rules, rule(a))
	}
	return Write(run, req.Files)
}

// rule describes an analyzer as nines vet's SARIF log does: its summary,
// the first paragraph of its documentation, the documentation as text and
// as markdown.
func rule(a Analyzer) sarif.Rule {
	full, _, _ := strings.Cut(ruledoc.Body(a.Doc), "\n\n")
	var p comment.Parser
	return sarif.Rule{
		ID:           a.Name,
		Short:        ruledoc.Summary(a.Doc),
		Full:         strings.Join(strings.Fields(full), " "),
		Help:         a.Doc,
		HelpMarkdown: string((&comment.Printer{}).Markdown(p.Parse(a.Doc))),
		HelpURI:      a.URL,
	}
}

// Write prints run in the three formats; files are the sources SARIF's
// fingerprints hash the lines of.
func Write(run *report.Run, files []playground.File) (*Formats, error) {
	sources := make(map[string][]byte, len(files))
	for _, f := range files {
		sources[f.Name] = []byte(f.Content)
	}
	rep := &report.Report{
		Runs: []*report.Run{run},
		Tool: sarif.Tool{Name: "nines", Version: version.String(), InformationURI: "https://github.com/nines-dev/nines"},
		ReadFile: func(name string) ([]byte, error) {
			return sources[name], nil
		},
	}
	var out [3]bytes.Buffer
	for i, f := range []report.Format{report.Text{}, report.JSON{}, report.SARIF{}} {
		if err := f.Write(&out[i], rep); err != nil {
			return nil, err
		}
	}
	return &Formats{Text: out[0].String(), JSON: out[1].String(), SARIF: out[2].String()}, nil
}
