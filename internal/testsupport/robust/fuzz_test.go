package robust

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/nines-dev/nines/analyzers"
)

// maxFuzzSource keeps each iteration quick: the analyzers' cost grows with
// the source, and what a larger input can reach a smaller one can too.
const maxFuzzSource = 64 << 10

// FuzzAnalyzers runs every analyzer on two generated Go files, a.go and
// b.go. Files that declare the same package form one package; files that
// declare different ones form two, and b may import a as
// "fuzz.example/<name of a>", so facts cross a package boundary. Either file
// may have syntax errors, type errors or imports that do not resolve.
//
// The analyzers must not panic, every diagnostic and suggested edit they
// report must lie within a file, and on input without syntax errors each
// suggested fix must leave its files parsable. The seeds are testdata/seeds/*.txtar
// (hand-written, one per concern), every fixture file of the analyzers'
// own tests, and testdata/fuzz/FuzzAnalyzers (crashers kept as
// regressions); go test runs them all.
func FuzzAnalyzers(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/seeds/*.txtar")
	for _, p := range seeds {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatalf("reading seed: %v", err)
		}
		var a, b string
		for _, file := range ar.Files {
			switch file.Name {
			case "a.go":
				a = string(file.Data)
			case "b.go":
				b = string(file.Data)
			default:
				f.Fatalf("reading seed %s: unexpected file %s, want a.go and b.go", p, file.Name)
			}
		}
		f.Add(a, b)
	}
	fixtures, _ := filepath.Glob("../../../analyzers/*/testdata/src/*/*.go")
	more, _ := filepath.Glob("../../analysis/retryloop/testdata/src/*/*.go")
	for _, p := range append(fixtures, more...) {
		if src, err := os.ReadFile(p); err == nil && len(src) <= maxFuzzSource {
			f.Add(string(src), "")
		}
	}
	all := analyzers.All()
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a)+len(b) > maxFuzzSource {
			return
		}
		files := []srcFile{{"a.go", a}, {"b.go", b}}
		out, err := sharedDriver.run(all, files)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkPositions(out); err != nil {
			t.Fatalf("bad positions:\n%v", err)
		}
		if out.syntaxErrs == 0 {
			if err := checkFixes(out, files); err != nil {
				t.Fatalf("bad suggested fixes:\n%v", err)
			}
		}
	})
}

// TestSeedsCoverEveryAnalyzer keeps the hand-written seeds realistic: each
// analyzer of analyzers.All reports at least once on them, and some offer
// fixes, so the fuzzer starts from code that reaches every analyzer's
// reporting paths and the fix check has something to check.
func TestSeedsCoverEveryAnalyzer(t *testing.T) {
	seeds, err := filepath.Glob("testdata/seeds/*.txtar")
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	reported := make(map[string]int)
	fixes := 0
	for _, p := range seeds {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var files []srcFile
		for _, f := range ar.Files {
			files = append(files, srcFile{f.Name, string(f.Data)})
		}
		out, err := sharedDriver.run(analyzers.All(), files)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range out.diagnostics {
			reported[d.analyzer]++
			fixes += len(d.d.SuggestedFixes)
		}
		if err := checkPositions(out); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		if out.syntaxErrs == 0 {
			if err := checkFixes(out, files); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		}
		t.Logf("%s: %d packages, %d syntax errors, %d type errors, %d diagnostics, analyzer errors %q",
			filepath.Base(p), len(out.pkgs), out.syntaxErrs, len(out.typeErrs), len(out.diagnostics), out.actionErrs)
	}
	var missing []string
	for _, a := range analyzers.All() {
		if reported[a.Name] == 0 {
			missing = append(missing, a.Name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("no seed makes %s report: add one to testdata/seeds", strings.Join(missing, ", "))
	}
	if fixes == 0 {
		t.Errorf("no seed gets a suggested fix, so checkFixes is never exercised")
	}
	t.Logf("diagnostics per analyzer: %v; %d suggested fixes", reported, fixes)
}
