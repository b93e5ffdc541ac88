// Package output prints findings in the formats nines offers: text, the JSON
// tree of go vet -json, SARIF and GitHub workflow annotations. Each format is
// a small type behind one interface, chosen by name.
//
// The package touches no files itself: the caller passes the directories
// paths are made relative to, and a ReadFile for the source lines SARIF
// fingerprints hash.
package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nines-dev/nines/internal/driver/findings"
	"github.com/nines-dev/nines/internal/report/sarif"
)

// Report is everything a format may print.
type Report struct {
	// Findings are sorted as findings.Collect sorts them, suppressed ones
	// included: only SARIF shows those.
	Findings []findings.Finding
	// Errors are failures of an analyzer on a package (not findings).
	Errors []AnalyzerError
	// LoadErrors are the packages' own errors, "file:line:col: message";
	// SARIF records them as the run's notifications (the other formats
	// leave them to the caller, who prints them on standard error).
	LoadErrors []string
	// Rules describe the analyzers that ran, for SARIF.
	Rules []sarif.Rule
	Tool  sarif.Tool
	// WorkDir is the directory text paths are relative to (the current
	// directory), when that makes them shorter; RepoRoot is the one SARIF
	// and annotation paths are relative to, for files below it. Both
	// absolute; empty means print paths as they are.
	WorkDir  string
	RepoRoot string
	// ReadFile reads a source file, by the name in a finding; nil means
	// SARIF fingerprints hash the rule alone.
	ReadFile func(name string) ([]byte, error)
}

// AnalyzerError is an analyzer's own failure on a package.
type AnalyzerError struct {
	PackageID string
	Analyzer  string
	Err       string
}

// Format writes a report.
type Format interface {
	Write(w io.Writer, r *Report) error
}

// Formats maps each format's name to its implementation.
var Formats = map[string]Format{
	"text":   Text{},
	"json":   JSON{},
	"sarif":  SARIF{},
	"github": GitHub{},
}

// Names returns the format names, sorted.
func Names() []string {
	names := make([]string, 0, len(Formats))
	for n := range Formats {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Lookup returns the format called name.
func Lookup(name string) (Format, error) {
	if f, ok := Formats[name]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", name, strings.Join(Names(), ", "))
}

// Rel returns filename relative to dir when it lies below dir, else
// filename unchanged, with forward slashes when slash is set.
func Rel(dir, filename string, slash bool) string {
	out := filename
	if dir != "" && filepath.IsAbs(filename) {
		if rel, err := filepath.Rel(dir, filename); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			out = rel
		}
	}
	if slash {
		out = filepath.ToSlash(out)
	}
	return out
}

// Short returns filename relative to dir when that is shorter, as the go
// command shortens paths, else filename unchanged.
func Short(dir, filename string) string {
	if dir != "" && filepath.IsAbs(filename) {
		if rel, err := filepath.Rel(dir, filename); err == nil && len(rel) < len(filename) {
			return rel
		}
	}
	return filename
}

// Text prints one line per reported finding, like go vet:
// file:line:col: message (analyzer).
type Text struct{}

func (Text) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, f := range findings.Reported(r.Findings) {
		fmt.Fprintf(bw, "%s:%d:%d: %s (%s)\n", Short(r.WorkDir, f.Posn.Filename), f.Posn.Line, f.Posn.Column, f.Message, f.Analyzer)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing findings: %w", err)
	}
	return nil
}

// JSON prints the tree go vet -json prints: package ID, then analyzer, then
// the list of its diagnostics (or an {"error": ...} object).
type JSON struct{}

type jsonDiagnostic struct {
	Category       string    `json:"category,omitempty"`
	Posn           string    `json:"posn"`
	End            string    `json:"end"`
	Message        string    `json:"message"`
	SuggestedFixes []jsonFix `json:"suggested_fixes,omitempty"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonError struct {
	Err string `json:"error"`
}

func (JSON) Write(w io.Writer, r *Report) error {
	tree := make(map[string]map[string]any)
	add := func(pkg, analyzer string, v any) {
		if tree[pkg] == nil {
			tree[pkg] = make(map[string]any)
		}
		tree[pkg][analyzer] = v
	}
	for _, f := range findings.Reported(r.Findings) {
		d := jsonDiagnostic{
			Category: f.Category,
			Posn:     f.Posn.String(),
			End:      f.Posn.String(),
			Message:  f.Message,
		}
		if f.End.Line > 0 {
			d.End = f.End.String()
		}
		for _, fix := range f.Fixes {
			jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
			for _, e := range fix.Edits {
				jf.Edits = append(jf.Edits, jsonEdit(e))
			}
			d.SuggestedFixes = append(d.SuggestedFixes, jf)
		}
		list, _ := tree[f.PackageID][f.Analyzer].([]jsonDiagnostic)
		add(f.PackageID, f.Analyzer, append(list, d))
	}
	for _, e := range r.Errors {
		add(e.PackageID, e.Analyzer, jsonError{e.Err})
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return fmt.Errorf("encoding findings as JSON: %w", err)
	}
	if _, err := fmt.Fprintf(w, "%s\n", data); err != nil {
		return fmt.Errorf("writing findings: %w", err)
	}
	return nil
}

// GitHub prints workflow commands that GitHub Actions shows as annotations
// on the pull request's diff.
type GitHub struct{}

func (GitHub) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, f := range findings.Reported(r.Findings) {
		fmt.Fprintf(bw, "::error file=%s,line=%d,col=%d", escapeProperty(Rel(r.RepoRoot, f.Posn.Filename, true)), f.Posn.Line, f.Posn.Column)
		if f.End.Line > 0 {
			fmt.Fprintf(bw, ",endLine=%d,endColumn=%d", f.End.Line, f.End.Column)
		}
		fmt.Fprintf(bw, ",title=%s::%s\n", escapeProperty(f.Analyzer), escapeData(f.Message))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing annotations: %w", err)
	}
	return nil
}

// escapeData escapes a workflow command's message as the runner expects.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// SARIF prints a SARIF 2.1.0 log, suppressed findings included with their
// justification.
type SARIF struct{}

func (SARIF) Write(w io.Writer, r *Report) error {
	results := make([]sarif.Result, 0, len(r.Findings))
	lines := make(map[string][]string)
	for _, f := range r.Findings {
		res := sarif.Result{
			RuleID:        f.Analyzer,
			Message:       f.Message,
			File:          Rel(r.RepoRoot, f.Posn.Filename, true),
			StartLine:     f.Posn.Line,
			StartColumn:   f.Posn.Column,
			EndLine:       f.End.Line,
			EndColumn:     f.End.Column,
			Suppressed:    f.Suppressed,
			Justification: f.Justification,
		}
		if r.ReadFile != nil {
			ls, ok := lines[f.Posn.Filename]
			if !ok {
				// An unreadable file only weakens the fingerprint.
				data, _ := r.ReadFile(f.Posn.Filename)
				ls = strings.Split(string(data), "\n")
				lines[f.Posn.Filename] = ls
			}
			if f.Posn.Line >= 1 && f.Posn.Line <= len(ls) {
				res.LineText = strings.TrimSuffix(ls[f.Posn.Line-1], "\r")
			}
		}
		results = append(results, res)
	}
	var notes []sarif.Notification
	for _, e := range r.LoadErrors {
		notes = append(notes, sarif.Notification{Level: sarif.Error, Message: e})
	}
	for _, e := range r.Errors {
		notes = append(notes, sarif.Notification{Level: sarif.Error, Message: e.Analyzer + " on " + e.PackageID + ": " + e.Err})
	}
	return sarif.Log{Tool: r.Tool, Rules: r.Rules, Results: results, Notifications: notes}.Write(w)
}
