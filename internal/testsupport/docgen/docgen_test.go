package docgen_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
