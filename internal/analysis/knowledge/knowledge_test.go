package knowledge_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// TestStubs checks each retry library's table against its stub: the stub
// exists where stubs.TestData finds it, and declares every function the
// table names, so a table cannot name what the tests never load.
func TestStubs(t *testing.T) {
	for _, lib := range knowledge.RetryLibraries {
		t.Run(lib.Path, func(t *testing.T) {
			funcs, methods := declared(t, filepath.Join("testdata", "stubs", filepath.FromSlash(lib.Path)))
			if len(lib.Retries) == 0 && len(lib.Sends) == 0 {
				t.Errorf("the table names no function that retries")
			}
			for name := range lib.Retries {
				if !funcs[name] {
					t.Errorf("Retries names %s, which the stub does not declare", name)
				}
			}
			for name := range lib.Sends {
				if !funcs[name] && !methods[name] {
					t.Errorf("Sends names %s, which the stub does not declare", name)
				}
			}
		})
	}
}

// declared returns the package-level functions and the method names
// declared by the Go files of dir.
func declared(t *testing.T, dir string) (funcs, methods map[string]bool) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("reading the stub: %v", err)
	}
	funcs, methods = map[string]bool{}, map[string]bool{}
	fset := token.NewFileSet()
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".go" {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("parsing the stub: %v", err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fd.Recv == nil {
					funcs[fd.Name.Name] = true
				} else {
					methods[fd.Name.Name] = true
				}
			}
		}
	}
	return funcs, methods
}
