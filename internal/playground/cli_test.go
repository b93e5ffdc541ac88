package playground_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/internal/driver/cli"
	"github.com/nines-dev/nines/internal/playground"
	"github.com/nines-dev/nines/internal/playground/output"
)

// exampleFiles reads the Go examples the page offers (site/examples.mjs
// collects the same): the welcome example and each analyzer's
// testdata/example.go (as main.go) or testdata/example/ directory (an
// example of several files).
func exampleFiles(t *testing.T) map[string][]playground.File {
	t.Helper()
	out := make(map[string][]playground.File)
	read := func(name, p string) {
		if b, err := os.ReadFile(p + ".go"); err == nil {
			out[name] = []playground.File{{Name: "main.go", Content: string(b)}}
			return
		}
		if _, err := os.Stat(p); err != nil {
			return
		}
		err := filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			b, err := os.ReadFile(path)
			rel, _ := filepath.Rel(p, path)
			out[name] = append(out[name], playground.File{Name: filepath.ToSlash(rel), Content: string(b)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	read("welcome", filepath.Join("testdata", "welcome"))
	dirs, err := os.ReadDir(filepath.Join("..", "..", "analyzers"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() {
			read(d.Name(), filepath.Join("..", "..", "analyzers", d.Name(), "testdata", "example"))
		}
	}
	if len(out) < 2 {
		t.Fatalf("found %d Go examples; expected the welcome example and one per analyzer", len(out))
	}
	return out
}

// TestEveryAnalyzerHasAnExample keeps the examples menu complete: the docs
// link each rule to its example.
func TestEveryAnalyzerHasAnExample(t *testing.T) {
	ex := exampleFiles(t)
	s := playground.NewGoSession(analyzers.All())
	for _, a := range analyzers.All() {
		files, ok := ex[a.Name]
		if !ok {
			t.Errorf("no example for analyzer %s: add analyzers/%s/testdata/example.go", a.Name, a.Name)
			continue
		}
		res := s.Analyze(playground.GoRequest{Files: files})
		found := false
		for _, d := range res.Diagnostics {
			found = found || d.Analyzer == a.Name
		}
		if !found {
			t.Errorf("the example of %s shows no %s finding: %+v", a.Name, a.Name, res.Diagnostics)
		}
		if len(res.Notes) > 0 {
			t.Errorf("the example of %s has notes: %+v", a.Name, res.Notes)
		}
	}
}

// vetModule writes files into a module named like the playground's root,
// with the retry libraries the export data holds, and returns a function
// that runs nines vet there with the given flags and returns its output.
func vetModule(t *testing.T, files []playground.File) func(args ...string) string {
	t.Helper()
	gen, err := os.ReadFile("exportdata/gen/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile("exportdata/gen/go.sum")
	if err != nil {
		t.Fatal(err)
	}
	requires := string(gen[bytes.Index(gen, []byte("require")):])
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module "+playground.ModulePath+"\n\ngo 1.26.0\n\n"+requires)
	write("go.sum", string(sum))
	for _, f := range files {
		write(f.Name, f.Content)
	}
	return func(args ...string) string {
		t.Helper()
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chdir(dir); err != nil {
			t.Fatal(err)
		}
		defer os.Chdir(wd)
		var stdout, stderr bytes.Buffer
		code := cli.Main(append([]string{"vet"}, append(args, "./...")...), strings.NewReader(""), &stdout, &stderr)
		if code != cli.ExitClean && code != cli.ExitFindings {
			t.Fatalf("nines vet exited %d: %s", code, stderr.String())
		}
		// -json names files by absolute path; the playground by its own
		// names, relative to its root.
		return strings.ReplaceAll(stdout.String(), dir+string(filepath.Separator), "")
	}
}

// TestFindingsEqualTheCLIs runs nines vet on each example, in a module
// named like the playground's root, and compares its output with the
// playground's findings printed the same way.
func TestFindingsEqualTheCLIs(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=mod")
	s := playground.NewGoSession(analyzers.All())
	for name, files := range exampleFiles(t) {
		t.Run(name, func(t *testing.T) {
			out := vetModule(t, files)()
			var page []string
			for _, d := range s.Analyze(playground.GoRequest{Files: files}).Diagnostics {
				page = append(page, fmt.Sprintf("%s:%d:%d: %s (%s)", d.File, d.Line, d.Column, d.Message, d.Analyzer))
			}
			want := strings.Join(strings.Fields(strings.TrimSpace(out)), " ")
			got := strings.Join(strings.Fields(strings.Join(page, "\n")), " ")
			if got != want || len(page) == 0 {
				t.Errorf("playground:\n%s\nnines vet:\n%s", strings.Join(page, "\n"), out)
			}
		})
	}
}

// TestOutputsEqualTheCLIs prints the playground's findings of each example
// as the page's "Copy as" buttons do (package output, from the Go worker's
// result and info) and compares each format byte for byte with nines vet's
// text, -json and -format sarif output on the same files.
func TestOutputsEqualTheCLIs(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=mod")
	s := playground.NewGoSession(analyzers.All())
	docs := map[string]output.Analyzer{}
	for _, a := range playground.GoInfo(s).Analyzers {
		docs[a.Name] = output.Analyzer{Name: a.Name, Doc: a.Doc, URL: a.URL}
	}
	examples := exampleFiles(t)
	// A finding silenced by //nolint: text and JSON leave it out, SARIF
	// keeps it with its justification.
	examples["nolint"] = []playground.File{{Name: "main.go", Content: "package main\n\nimport \"net/http\"\n\nvar streams = &http.Client{} //nolint:httpclienttimeout // bounded per request by a context\n\nfunc main() {\n\thttp.Get(\"https://example.com/b\")\n\t_ = streams\n}\n"}}
	for name, files := range examples {
		t.Run(name, func(t *testing.T) {
			res := s.Analyze(playground.GoRequest{Files: files})
			if name == "nolint" && len(res.Suppressed) != 1 {
				t.Fatalf("suppressed = %+v, want the //nolint'd http.Get", res.Suppressed)
			}
			req := output.GoRequest{Files: files, Diagnostics: res.Diagnostics, Suppressed: res.Suppressed}
			for _, a := range res.Analyzers {
				req.Analyzers = append(req.Analyzers, docs[a])
			}
			got, err := output.Go(req)
			if err != nil {
				t.Fatal(err)
			}
			vet := vetModule(t, files)
			for _, c := range []struct{ name, got, want string }{
				{"text", got.Text, vet()},
				{"json", got.JSON, vet("-json")},
				{"sarif", got.SARIF, vet("-format", "sarif")},
			} {
				if c.got != c.want {
					t.Errorf("%s: the playground prints\n%s\nnines vet prints\n%s", c.name, c.got, c.want)
				}
			}
		})
	}
}
