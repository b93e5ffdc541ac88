// Package findings turns what analyzers report into the findings nines shows:
// positions resolved, test files dropped unless asked for, //nolint applied,
// duplicates removed, sorted. Every driver goes through it (nines vet, the
// go vet tool mode through Wrap, the playground), so they all agree on what
// counts as a finding.
//
// The package is pure: it reads syntax trees, never files.
package findings

import (
	"cmp"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/driver/nolint"
)

// Finding is one diagnostic of one analyzer, ready to print.
type Finding struct {
	PackageID string
	Analyzer  string
	Posn      token.Position // Filename as in the FileSet the analyzer saw
	End       token.Position // End.Line is 0 when the analyzer gave no end
	Message   string
	Category  string
	Fixes     []Fix // the analyzer's suggested fixes, in its order
	// Related are the further sites of the finding (other sites of one
	// root cause), in the analyzer's order.
	Related []Related
	// Suppressed is set when a //nolint directive covers the finding;
	// Justification is the reason written after it.
	Suppressed    bool
	Justification string
}

// Related is a further position of a finding, with its message.
type Related struct {
	Posn, End token.Position // End.Line is 0 when the analyzer gave no end
	Message   string
}

// Fix is a suggested fix with its edits resolved to byte offsets.
type Fix struct {
	Message string
	Edits   []Edit
}

// Edit replaces the bytes [Start, End) of Filename with New.
type Edit struct {
	Filename   string
	Start, End int
	New        string
}

// Unit is what one analyzer reported on one package.
type Unit struct {
	PackageID   string
	Analyzer    string
	Fset        *token.FileSet
	Files       []*ast.File // the package's syntax, for //nolint comments
	Diagnostics []analysis.Diagnostic
}

// Options says which findings to keep.
type Options struct {
	// Tests keeps findings in _test.go files, dropped by default: tests
	// start servers and clients without timeouts on purpose.
	Tests bool
	// NameInMessage ends each message with the analyzer's name in
	// parentheses, as nines vet's text output shows it, for a driver that
	// prints only the message: go vet prints what the tool returns as
	// "file:line:col: message", and users need the name for //nolint:NAME.
	NameInMessage bool
}

// IsTestFile reports whether filename is a Go test file.
func IsTestFile(filename string) bool { return strings.HasSuffix(filename, "_test.go") }

// Collect resolves the diagnostics of units into findings, sorted by file,
// position, analyzer and message. Findings in test files are dropped unless
// opts.Tests; findings covered by //nolint are kept with Suppressed set, so
// SARIF can record them; a finding reported identically for two packages
// (a package and its test variant) is kept once, under the package ID that
// sorts first.
func Collect(units []Unit, opts Options) []Finding {
	var out []Finding
	for _, u := range units {
		if len(u.Diagnostics) == 0 {
			continue
		}
		directives := scanFiles(u.Fset, u.Files)
		for _, d := range u.Diagnostics {
			// Directives and test files are matched by the physical
			// position; //line comments only change what is shown.
			phys := u.Fset.PositionFor(d.Pos, false)
			if !opts.Tests && IsTestFile(phys.Filename) {
				continue
			}
			posn := u.Fset.Position(d.Pos)
			f := Finding{
				PackageID: u.PackageID,
				Analyzer:  u.Analyzer,
				Posn:      posn,
				Message:   d.Message,
				Category:  d.Category,
			}
			if d.End.IsValid() {
				f.End = u.Fset.Position(endInFile(u.Fset, d.Pos, d.End))
			}
			for _, rel := range d.Related {
				r := Related{Posn: u.Fset.Position(rel.Pos), Message: rel.Message}
				if rel.End.IsValid() {
					r.End = u.Fset.Position(endInFile(u.Fset, rel.Pos, rel.End))
				}
				f.Related = append(f.Related, r)
			}
			for _, sf := range d.SuggestedFixes {
				fix := Fix{Message: sf.Message}
				for _, e := range sf.TextEdits {
					// Edits apply to the physical file.
					start := u.Fset.PositionFor(e.Pos, false)
					end := start
					if e.End.IsValid() {
						end = u.Fset.PositionFor(e.End, false)
					}
					fix.Edits = append(fix.Edits, Edit{Filename: start.Filename, Start: start.Offset, End: end.Offset, New: string(e.NewText)})
				}
				f.Fixes = append(f.Fixes, fix)
			}
			if dir, ok := directives[phys.Filename].Match(phys.Line, u.Analyzer); ok {
				f.Suppressed = true
				f.Justification = dir.Reason
			}
			out = append(out, f)
		}
	}
	slices.SortFunc(out, Compare)
	return slices.CompactFunc(out, func(a, b Finding) bool {
		return a.Analyzer == b.Analyzer && a.Posn == b.Posn && a.Message == b.Message
	})
}

// Compare orders findings by file, line, column, analyzer, message and
// package ID.
func Compare(a, b Finding) int {
	return cmp.Or(
		strings.Compare(a.Posn.Filename, b.Posn.Filename),
		cmp.Compare(a.Posn.Line, b.Posn.Line),
		cmp.Compare(a.Posn.Column, b.Posn.Column),
		strings.Compare(a.Analyzer, b.Analyzer),
		strings.Compare(a.Message, b.Message),
		strings.Compare(a.PackageID, b.PackageID),
	)
}

// Reported returns the findings that are not suppressed: those text, JSON
// and workflow annotations show, and that make nines exit 1.
func Reported(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if !f.Suppressed {
			out = append(out, f)
		}
	}
	return out
}

func scanFiles(fset *token.FileSet, files []*ast.File) map[string]*nolint.File {
	m := make(map[string]*nolint.File, len(files))
	for _, f := range files {
		m[fset.File(f.FileStart).Name()] = nolint.Scan(fset, f)
	}
	return m
}

// Wrap returns a copy of a whose passes report only what Collect would
// keep and not suppress: no findings in test files unless opts.Tests, none
// covered by //nolint. Drivers that print diagnostics themselves (the go vet
// tool mode) use it to honour nolint the same way nines vet does. opts is
// read when each pass runs, so a driver may fill it in after parsing flags.
func Wrap(a *analysis.Analyzer, opts *Options) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		directives := scanFiles(pass.Fset, pass.Files)
		filtered := *pass
		filtered.Report = func(d analysis.Diagnostic) {
			posn := pass.Fset.PositionFor(d.Pos, false)
			if !opts.Tests && IsTestFile(posn.Filename) {
				return
			}
			if _, ok := directives[posn.Filename].Match(posn.Line, a.Name); ok {
				return
			}
			if opts.NameInMessage {
				d.Message += " (" + a.Name + ")"
			}
			pass.Report(d)
		}
		return a.Run(&filtered)
	}
	return &w
}

// endInFile keeps a diagnostic's end in the file of its start. The parser
// ends an unclosed construct one byte past the end of its file, which is
// the first position of the next file in the set (and which file that is
// depends on the order files were parsed in).
func endInFile(fset *token.FileSet, pos, end token.Pos) token.Pos {
	tf := fset.File(pos)
	if tf == nil {
		return end
	}
	if last := token.Pos(tf.Base() + tf.Size()); end < pos || end > last {
		return last
	}
	return end
}
