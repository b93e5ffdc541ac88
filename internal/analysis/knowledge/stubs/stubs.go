// Package stubs gives the analyzers' tests one shared copy of the stubs of
// the third-party libraries nines knows (internal/analysis/knowledge/testdata/stubs),
// so every test sees the same signatures, those of the real libraries. It is
// imported by tests only.
package stubs

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestData returns a GOPATH-style directory for analysistest.Run holding the
// packages of own (a test's testdata directory, with a src/ folder) and the
// library stubs under src/.
func TestData(t testing.TB, own string) string {
	t.Helper()
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("locating the library stubs: no caller information")
	}
	stubs := filepath.Join(filepath.Dir(self), "..", "testdata", "stubs")
	dir := t.TempDir()
	if err := copyTree(filepath.Join(own, "src"), filepath.Join(dir, "src")); err != nil {
		t.Fatalf("copying test fixtures: %v", err)
	}
	if err := copyTree(stubs, filepath.Join(dir, "src")); err != nil {
		t.Fatalf("copying library stubs: %v", err)
	}
	return dir
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
