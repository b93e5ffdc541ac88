package report

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// GitHub prints workflow commands that GitHub Actions shows as annotations
// on the pull request's diff: ::error for errors, ::warning for the rest.
type GitHub struct{}

func (GitHub) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, run := range r.Runs {
		for _, e := range run.LoadErrors {
			if m := LoadErrorPos.FindStringSubmatch(e.Text); m != nil {
				fmt.Fprintf(bw, "::error file=%s,line=%s,col=%s,title=typecheck::%s\n", escapeProperty(r.repoPath(m[1])), m[2], m[3], escapeData(e.Text[len(m[0]):]))
			} else {
				fmt.Fprintf(bw, "::error title=typecheck::%s\n", escapeData(e.Text))
			}
		}
		for _, e := range run.Errors {
			fmt.Fprintf(bw, "::error title=%s::%s\n", escapeProperty(e.Analyzer), escapeData(e.Analyzer+" on "+e.PackageID+": "+e.Err))
		}
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

// LoadErrorPos matches the "file:line:col: " a LoadError's Text starts
// with when it has a position: file, line and column are its groups.
var LoadErrorPos = regexp.MustCompile(`^(.+?):(\d+):(\d+): `)

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
