package docgen_test

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/internal/testsupport/docgen"
)

var update = flag.Bool("update", false, "rewrite the generated docs and the README's rule table")

const root = "../../.."

// TestGenerated fails when a generated rule page or the README's rule table is
// stale. Fix it with: go test ./internal/testsupport/docgen -update
func TestGenerated(t *testing.T) {
	files, rows, err := docgen.Files()
	require.NoError(t, err)
	for _, f := range files {
		path := filepath.Join(root, f.Path)
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(f.Content), 0o644))
			continue
		}
		got, err := os.ReadFile(path)
		if !assert.NoError(t, err, "%s is missing; run go test ./internal/testsupport/docgen -update", f.Path) {
			continue
		}
		assert.Equal(t, f.Content, string(got), "%s is stale; run go test ./internal/testsupport/docgen -update", f.Path)
	}

	readmePath := filepath.Join(root, "README.md")
	readme, err := os.ReadFile(readmePath)
	require.NoError(t, err)
	want, err := docgen.ReplaceTable(string(readme), docgen.Table(rows))
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile(readmePath, []byte(want), 0o644))
		return
	}
	assert.Equal(t, want, string(readme), "README.md's rule table is stale; run go test ./internal/testsupport/docgen -update")
}

// TestNoOrphanPages fails when docs/rules holds a page for a rule that no
// longer exists.
func TestNoOrphanPages(t *testing.T) {
	files, _, err := docgen.Files()
	require.NoError(t, err)
	want := map[string]bool{}
	for _, f := range files {
		want[filepath.FromSlash(f.Path)] = true
	}
	err = filepath.WalkDir(filepath.Join(root, "docs", "rules"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
			return err
		}
		rel, err := filepath.Rel(root, path)
		require.NoError(t, err)
		assert.True(t, want[rel], "%s documents no known rule; delete it", rel)
		return nil
	})
	if !os.IsNotExist(err) {
		require.NoError(t, err)
	}
}

// TestNogoSnippet checks docs/integrations.md's Bazel nogo target against
// the analyzers (Bazel itself cannot run here): it lists every analyzer's
// package and nothing else, each package declares the exported Analyzer
// nogo loads, and the nogo.json example is keyed by an analyzer's name.
func TestNogoSnippet(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(root, "docs", "integrations.md"))
	require.NoError(t, err)
	section := string(doc)
	start := strings.Index(section, "## Bazel nogo")
	require.GreaterOrEqual(t, start, 0, "docs/integrations.md has no Bazel nogo section")
	section = section[start:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	var listed []string
	for _, m := range regexp.MustCompile(`"@com_github_nines_dev_nines//analyzers/(\w+)"`).FindAllStringSubmatch(section, -1) {
		listed = append(listed, m[1])
	}
	var names []string
	for _, a := range analyzers.All() {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	assert.Equal(t, names, listed, "the nogo deps must list every analyzer, in order")

	fset := token.NewFileSet()
	for _, name := range listed {
		dir := filepath.Join(root, "analyzers", name)
		found := false
		entries, err := os.ReadDir(dir)
		require.NoError(t, err, "analyzers/%s", name)
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
			require.NoError(t, err)
			for _, d := range f.Decls {
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
					for _, spec := range g.Specs {
						for _, id := range spec.(*ast.ValueSpec).Names {
							found = found || id.Name == "Analyzer"
						}
					}
				}
			}
		}
		assert.True(t, found, "analyzers/%s declares no exported var Analyzer for nogo", name)
	}

	m := regexp.MustCompile("(?s)```json\n\\{\n  \"(\\w+)\"").FindStringSubmatch(section)
	require.NotNil(t, m, "the nogo.json example is missing")
	assert.Contains(t, names, m[1], "nogo.json is keyed by analyzer names")
}
