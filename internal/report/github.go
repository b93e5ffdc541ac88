package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// GitHub prints workflow commands that GitHub Actions shows as annotations
// on the pull request's diff: ::error for errors, ::warning for the rest.
type GitHub struct{}

func (GitHub) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, run := range r.Runs {
		for _, f := range reported(run.Findings) {
			fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d", githubLevel(f.Severity), escapeProperty(r.repoPath(f.File)), f.Line, f.Column)
			if f.EndLine > 0 {
				fmt.Fprintf(bw, ",endLine=%d,endColumn=%d", f.EndLine, f.EndColumn)
			}
			fmt.Fprintf(bw, ",title=%s::%s\n", escapeProperty(f.Rule), escapeData(f.Message))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing annotations: %w", err)
	}
	return nil
}

func githubLevel(severity string) string {
	switch severity {
	case SeverityError:
		return "error"
	case SeverityNote:
		return "notice"
	}
	return "warning"
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a workflow command's message as the runner expects:
// line breaks become %0D and %0A, which the annotation shows as line
// breaks, and the other control characters are escaped as in every format.
func escapeData(s string) string { return escapeControl(dataEscaper.Replace(s)) }

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string { return escapeControl(propertyEscaper.Replace(s)) }
