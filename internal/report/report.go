// Package report is the one report model of nines and its output formats.
// The Go analyzers' findings (nines vet) and the topology checks' findings
// (nines topo) both become a Run of Findings; a Report holds one run or, for
// nines check, both. Each format is a small type in a file of its own
// (text.go, json.go, sarif.go, github.go) behind one interface, chosen by
// name.
//
// Every format maps severities the same way, escapes control characters the
// same way (escape.go), and names files the same way: text as the tool has
// always printed them, SARIF and workflow annotations relative to the
// repository root.
//
// The package touches no files itself: the caller passes the directories
// paths are made relative to, and a ReadFile for the source lines SARIF
// fingerprints hash.
package report

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nines-dev/nines/internal/driver/findings"
	"github.com/nines-dev/nines/internal/report/sarif"
	"github.com/nines-dev/nines/topology"
)

// Severities of findings. The Go analyzers' findings are warnings; a
// topology rule's severity is its own (or the configuration's).
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityNote    = "note" // a user policy's remark: printed, never failing
)

// Kind says which tool a run is of. It decides what only one tool has: the
// shape of its text lines and its JSON document.
type Kind string

const (
	// Vet is the Go analyzers' run: text lines as go vet prints them, the
	// JSON tree of go vet -json.
	Vet Kind = "vet"
	// Topo is the topology checks' run: text lines with the severity, a
	// summary line and the journeys table, a JSON document of findings,
	// journeys and waived findings.
	Topo Kind = "topo"
)

// Report is everything a format may print.
type Report struct {
	// Runs are printed in order; SARIF writes one log with a run each.
	Runs []*Run
	Tool sarif.Tool
	// WorkDir is the directory relative file names are relative to (the
	// current directory); Go text paths are made relative to it when that
	// is shorter. RepoRoot is the one SARIF and annotation paths are
	// relative to, for files below it. Both absolute; empty means print
	// paths as they are.
	WorkDir  string
	RepoRoot string
	// ReadFile reads a source file, by the name in a finding; nil means
	// SARIF fingerprints hash the rule alone.
	ReadFile func(name string) ([]byte, error)
	// AutomationIDs gives each SARIF run the automationDetails.id
	// "nines/<kind>/" (nines check, whose log holds a run per tool), so
	// code scanning keeps their alerts apart, however many runs there are.
	AutomationIDs bool
}

// Run is what one tool found.
type Run struct {
	Kind Kind
	// Findings are sorted, suppressed ones included: only SARIF shows
	// those (and the topology text and JSON, as waived findings).
	Findings []Finding
	// Rules describe the rules of the run, for SARIF.
	Rules []sarif.Rule
	// Errors are failures of an analyzer on a package (not findings).
	Errors []AnalyzerError
	// LoadErrors are the packages' own errors (a package that does not
	// parse or type-check). The caller prints them on standard error too;
	// SARIF records them as the run's notifications, JSON under the
	// package's "typecheck" key as {"error": ...}, annotations as ::error.
	LoadErrors []LoadError
	// Journeys are the topology's journeys, for the text table and JSON.
	Journeys []Journey
	// Notes are remarks on the input that are not findings, such as an
	// exception that waives nothing; text prints them last.
	Notes []Note
}

// Finding is one finding of either tool.
type Finding struct {
	Rule     string // analyzer name or topology rule id
	Severity string // SeverityError or SeverityWarning
	// File is the file as the tool names it: absolute for Go positions,
	// as the user named it (relative to WorkDir) for topology files.
	File string
	// Line and Column are 1-based, columns in bytes; EndLine is 0 when
	// the finding has no end.
	Line, Column, EndLine, EndColumn int
	Message                          string
	// Subject is what a topology finding is about (a component, call or
	// journey), the key of its exceptions.
	Subject string
	// PackageID, Category and Fixes are a Go finding's package, the
	// analyzer's category and its suggested fixes.
	PackageID string
	Category  string
	Fixes     []findings.Fix
	// Related are a Go finding's further sites (the other sites of one
	// root cause): text prints them under the finding, JSON as "related",
	// SARIF as relatedLocations.
	Related []Related
	// Suppressed marks a finding silenced by a //nolint comment or waived
	// by a topology exception; Justification is the reason given.
	Suppressed    bool
	Justification string
	// Exception is where the exception that waived a topology finding is.
	Exception topology.Pos
}

// Related is a further position of a finding. File is named as the
// finding's File is; EndLine is 0 when it has no end.
type Related struct {
	File                             string
	Line, Column, EndLine, EndColumn int
	Message                          string
}

// Journey is a journey's availability against its SLO, as the topology
// JSON document lists it.
type Journey struct {
	Name         string  `json:"name"`
	Entry        string  `json:"entry"`
	SLO          float64 `json:"slo"`
	Availability float64 `json:"availability"`
	MeetsSLO     bool    `json:"meets_slo"`
	// Bounded holds when nines bounded the availability instead of
	// computing it: it lies in [Availability, AvailabilityUpper], and
	// Undecided holds when that interval straddles the SLO.
	Bounded            bool                   `json:"bounded,omitempty"`
	AvailabilityUpper  *float64               `json:"availability_upper,omitempty"`
	Undecided          bool                   `json:"undecided,omitempty"`
	Window             string                 `json:"window"`
	DowntimeMinutes    float64                `json:"downtime_minutes"`
	ErrorBudgetMinutes float64                `json:"error_budget_minutes"`
	Contributors       []topology.Contributor `json:"contributors"`
	// Simulated is the Monte Carlo estimate, when one was asked for.
	Simulated *topology.Simulated `json:"simulated,omitempty"`
}

// Note is a remark at a position of the input.
type Note struct {
	Pos     topology.Pos
	Message string
}

// AnalyzerError is an analyzer's own failure on a package.
type AnalyzerError struct {
	PackageID string
	Analyzer  string
	Err       string
}

// A LoadError is one error of a package, Text "file:line:col: message"
// (file relative to the working directory) or, without a position,
// "package: message".
type LoadError struct {
	PackageID string
	Text      string
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

// order is the order help texts list the formats in: the default first.
var order = []string{"text", "json", "sarif", "github"}

// Names returns the format names, the default (text) first.
func Names() []string {
	return slices.Clone(order)
}

// Lookup returns the format called name.
func Lookup(name string) (Format, error) {
	if f, ok := Formats[name]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", name, strings.Join(Names(), ", "))
}

// reported returns the findings that are not suppressed: those the text,
// the Go JSON tree and workflow annotations show.
func reported(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if !f.Suppressed {
			out = append(out, f)
		}
	}
	return out
}

// repoPath is the name of a finding's file relative to the repository
// root, with forward slashes: what SARIF and annotations print.
func (r *Report) repoPath(file string) string {
	if r.WorkDir != "" && !filepath.IsAbs(file) {
		file = filepath.Join(r.WorkDir, filepath.FromSlash(file))
	}
	return Rel(r.RepoRoot, file, true)
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
