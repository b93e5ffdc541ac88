package robust

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/nines-dev/nines/analyzers"
)

// corpus returns the Go files the fuzzer is seeded with: the files of the
// hand-written seeds and the analyzers' fixture files, by name.
func corpus(t *testing.T) map[string]string {
	t.Helper()
	out := make(map[string]string)
	seeds, _ := filepath.Glob("testdata/seeds/*.txtar")
	for _, p := range seeds {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			out[filepath.Base(p)+"/"+f.Name] = string(f.Data)
		}
	}
	fixtures, _ := filepath.Glob("../../../analyzers/*/testdata/src/*/*.go")
	more, _ := filepath.Glob("../../analysis/retryloop/testdata/src/*/*.go")
	for _, p := range append(fixtures, more...) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = string(src)
	}
	if len(out) < 20 {
		t.Fatalf("only %d corpus files", len(out))
	}
	return out
}

// TestAnalyzersWithoutEachImport removes the imports of every corpus file
// one at a time and runs every analyzer on what is left: each use of the
// package then has no type, the commonest partial type information in an
// editor. No analyzer may panic (the test would crash) or report outside
// the file.
func TestAnalyzersWithoutEachImport(t *testing.T) {
	all := analyzers.All()
	runs := 0
	for name, src := range corpus(t) {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "a.go", src, parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, spec := range f.Imports {
			start, end := fset.Position(spec.Pos()).Offset, fset.Position(spec.End()).Offset
			// A blank import in its place keeps import ( ) and a lone
			// import declaration well-formed.
			mutated := src[:start] + `_ "unsafe"` + src[end:]
			out, err := sharedDriver.run(all, []srcFile{{"a.go", mutated}})
			if err != nil {
				t.Fatalf("%s without %s: %v", name, spec.Path.Value, err)
			}
			if err := checkPositions(out); err != nil {
				t.Errorf("%s without %s: %v", name, spec.Path.Value, err)
			}
			runs++
		}
	}
	if runs < 50 {
		t.Errorf("only %d mutants: the corpus has too few imports to mean anything", runs)
	}
	t.Logf("%d mutants", runs)
}

// TestAnalyzersOnTruncatedSources cuts every corpus file at sixteen
// places and runs every analyzer on the head, as an editor sends a file
// being typed: syntax errors at the end, an ill-typed package, and the
// analyzers that run despite errors walking a tree the parser guessed.
func TestAnalyzersOnTruncatedSources(t *testing.T) {
	all := analyzers.All()
	runs := 0
	for name, src := range corpus(t) {
		for i := 1; i <= 16; i++ {
			cut := len(src) * i / 17
			out, err := sharedDriver.run(all, []srcFile{{"a.go", src[:cut]}, {"b.go", src[cut:]}})
			if err != nil {
				t.Fatalf("%s cut at %d: %v", name, cut, err)
			}
			if err := checkPositions(out); err != nil {
				t.Errorf("%s cut at %d: %v", name, cut, err)
			}
			runs++
		}
	}
	t.Logf("%d truncations", runs)
}
