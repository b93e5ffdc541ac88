// Package generated finds the generated files of a package (those carrying
// the "// Code generated ... DO NOT EDIT." comment of
// https://go.dev/s/generatedcode) once, for every analyzer, and keeps the
// analyzers from reporting in them: a finding there is fixed in the
// generator or its input, which the analyzer cannot point at, and the file
// is overwritten on the next run.
//
// Only reports are dropped. A generated file is still analyzed, so the
// facts it yields (a generated client that sends a POST, a constructor that
// sets a Timeout) reach the hand-written code that uses it.
package generated

import (
	"go/ast"
	"go/token"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/analysis/retryloop"
)

// Analyzer lists the generated files of a package as *Files.
var Analyzer = &analysis.Analyzer{
	Name: "generatedfiles",
	Doc:  "find the generated files of a package",
	Run:  run,
	// It reads comments, and types where there are any (harness.Find), so
	// it runs on code that does not type-check.
	RunDespiteErrors: true,
	ResultType:       reflect.TypeFor[*Files](),
}

// Files are the position ranges of a package's generated files, and its
// test-harness code (see the harness package).
type Files struct {
	spans   [][2]token.Pos
	harness *harness.Code
}

// Contains reports whether pos lies in a generated file.
func (f *Files) Contains(pos token.Pos) bool {
	if f == nil {
		return false
	}
	for _, s := range f.spans {
		if s[0] <= pos && pos < s[1] {
			return true
		}
	}
	return false
}

func run(pass *analysis.Pass) (any, error) {
	f := &Files{}
	for _, file := range pass.Files {
		if ast.IsGenerated(file) {
			f.spans = append(f.spans, [2]token.Pos{file.FileStart, file.FileEnd})
		}
	}
	f.harness = harness.Find(pass)
	return f, nil
}

// SkipReports makes pass.Report (and so pass.Reportf) drop the diagnostics
// positioned in a generated file or in test-harness code, unless the
// harness call names a remote peer (harness.RemotePeer). An analyzer calls
// it first in its run and lists Analyzer in its Requires.
func SkipReports(pass *analysis.Pass) {
	files, _ := pass.ResultOf[Analyzer].(*Files)
	if files == nil || len(files.spans) == 0 && files.harness.Empty() {
		return
	}
	report := pass.Report
	pass.Report = func(d analysis.Diagnostic) {
		if !Skipped(pass, d.Pos) {
			report(d)
		}
	}
}

// Skipped reports whether SkipReports drops a diagnostic at pos. Code that
// collects diagnostics before reporting them (the rootcause package) asks
// it, so a dropped site is not counted among a finding's sites.
func Skipped(pass *analysis.Pass, pos token.Pos) bool {
	files, _ := pass.ResultOf[Analyzer].(*Files)
	if files == nil {
		return false
	}
	if files.Contains(pos) {
		return true
	}
	return files.harness.Contains(pos) && !judgesTestCode(pass.Analyzer) && !harness.RemotePeer(pass, pos)
}

// InHarness reports whether pos lies in test-harness code and the call
// there does not name a remote peer: the rule SkipReports applies to the
// analyzers that do not judge test code themselves, for a retry analyzer
// that applies it to some of its findings (retryidempotent: a write
// repeated in a test reaches the test's own fixture).
func InHarness(pass *analysis.Pass, pos token.Pos) bool {
	return HarnessCode(pass, pos) && !harness.RemotePeer(pass, pos)
}

// HarnessCode reports whether pos lies in test-harness code, whatever peer
// the call there names.
func HarnessCode(pass *analysis.Pass, pos token.Pos) bool {
	files, _ := pass.ResultOf[Analyzer].(*Files)
	return files != nil && files.harness.Contains(pos)
}

// judgesTestCode reports an analyzer that tells test code apart itself:
// the retry analyzers read retryloop's Retry.InTest and keep, in test code,
// only the findings that are defects there too (a retry that never gives
// up hangs the test whatever its peer), so the harness rule is theirs.
func judgesTestCode(a *analysis.Analyzer) bool {
	return a != nil && slices.Contains(a.Requires, retryloop.Analyzer)
}
