package report

import (
	"io"
	"strings"

	"github.com/nines-dev/nines/internal/report/sarif"
)

// SARIF prints a SARIF 2.1.0 log with a run for each run of the report,
// suppressed and waived findings included with their justification.
type SARIF struct{}

func (SARIF) Write(w io.Writer, r *Report) error {
	lines := make(map[string][]string)
	var logs []sarif.Log
	lineText := func(file string, line int) string {
		if r.ReadFile == nil {
			return ""
		}
		ls, ok := lines[file]
		if !ok {
			// An unreadable file only weakens the fingerprint.
			data, _ := r.ReadFile(file)
			ls = strings.Split(string(data), "\n")
			lines[file] = ls
		}
		if line >= 1 && line <= len(ls) {
			return strings.TrimSuffix(ls[line-1], "\r")
		}
		return ""
	}
	for _, run := range r.Runs {
		l := sarif.Log{Tool: r.Tool, Rules: run.Rules, Results: make([]sarif.Result, 0, len(run.Findings))}
		if r.AutomationIDs {
			l.AutomationID = "nines/" + string(run.Kind) + "/"
		}
		for _, f := range run.Findings {
			res := sarif.Result{
				RuleID:        f.Rule,
				Level:         sarifLevel(f.Severity),
				Message:       f.Message,
				File:          r.repoPath(f.File),
				StartLine:     f.Line,
				StartColumn:   f.Column,
				EndLine:       f.EndLine,
				EndColumn:     f.EndColumn,
				Suppressed:    f.Suppressed,
				Justification: f.Justification,
			}
			res.LineText = lineText(f.File, f.Line)
			for _, rel := range f.Related {
				res.Related = append(res.Related, sarif.RelatedLocation{
					File:        r.repoPath(rel.File),
					StartLine:   rel.Line,
					StartColumn: rel.Column,
					EndLine:     rel.EndLine,
					EndColumn:   rel.EndColumn,
					Message:     rel.Message,
					LineText:    lineText(rel.File, rel.Line),
				})
			}
			l.Results = append(l.Results, res)
		}
		for _, e := range run.LoadErrors {
			l.Notifications = append(l.Notifications, sarif.Notification{Level: sarif.Error, Message: e.Text})
		}
		for _, e := range run.Errors {
			l.Notifications = append(l.Notifications, sarif.Notification{Level: sarif.Error, Message: e.Analyzer + " on " + e.PackageID + ": " + e.Err})
		}
		logs = append(logs, l)
	}
	return sarif.WriteRuns(w, logs)
}

// sarifLevel is the SARIF level of a severity: error for errors, warning
// for the rest, as the workflow annotations have it.
func sarifLevel(severity string) string {
	switch severity {
	case SeverityError:
		return sarif.Error
	case SeverityNote:
		return sarif.Note
	}
	return sarif.Warning
}
