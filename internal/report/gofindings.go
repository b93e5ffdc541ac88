package report

import "github.com/nines-dev/nines/internal/driver/findings"

// GoFindings converts the Go analyzers' findings, in their order, into a
// run's findings. They are warnings: an analyzer reports what may go wrong,
// and the code compiles and runs either way.
func GoFindings(fs []findings.Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		var related []Related
		for _, r := range f.Related {
			related = append(related, Related{File: r.Posn.Filename, Line: r.Posn.Line, Column: r.Posn.Column, EndLine: r.End.Line, EndColumn: r.End.Column, Message: r.Message})
		}
		out = append(out, Finding{
			Rule:          f.Analyzer,
			Severity:      SeverityWarning,
			File:          f.Posn.Filename,
			Line:          f.Posn.Line,
			Column:        f.Posn.Column,
			EndLine:       f.End.Line,
			EndColumn:     f.End.Column,
			Message:       f.Message,
			PackageID:     f.PackageID,
			Category:      f.Category,
			Fixes:         f.Fixes,
			Related:       related,
			Suppressed:    f.Suppressed,
			Justification: f.Justification,
		})
	}
	return out
}
