package harness

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readImports reads imports from a file's head and streams the rest of a
// test file for an Example function, whatever the file's length: an
// Example far past the head is found, and imports that begin past the head
// (after a long comment) are read from the whole file.
func TestReadImportsLongFiles(t *testing.T) {
	dir := t.TempDir()
	filler := strings.Repeat("// "+strings.Repeat("x", 77)+"\n", 400) // 32,000 bytes
	long := strings.Repeat("y", 10000)                                // a line longer than the stream's buffer
	cases := []struct {
		name, src   string
		test        bool
		wantImports []string
		wantExample bool
	}{
		{"late_example_test.go", "package p_test\n\nimport \"example.com/m/mock\"\n\nfunc TestA() {\n" + filler + "}\n\nfunc ExampleLate() {}\n", true, []string{"example.com/m/mock"}, true},
		{"long_line_test.go", "package p_test\n\nimport \"example.com/m/mock\"\n\nvar s = \"" + long + "func Example\"\n" + filler + "func TestB() {}\n", true, []string{"example.com/m/mock"}, false},
		{"late_imports.go", filler + "package p\n\nimport (\n\t\"example.com/m/a\"\n\t\"example.com/m/b\"\n)\n\nfunc F() {}\n", false, []string{"example.com/m/a", "example.com/m/b"}, false},
		{"short_test.go", "package p\n\nimport \"testing\"\n\nfunc ExampleShort() {}\n", true, []string{"testing"}, true},
	}
	buf := make([]byte, headBytes)
	for _, c := range cases {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		got, ok := readImports(path, c.test, buf)
		if !ok {
			t.Errorf("%s: not read", c.name)
			continue
		}
		if !slices.Equal(got.imports, c.wantImports) || got.example != c.wantExample {
			t.Errorf("%s: imports %q, example %v; want %q, %v", c.name, got.imports, got.example, c.wantImports, c.wantExample)
		}
	}
}
