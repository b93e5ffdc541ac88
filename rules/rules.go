// Package rules holds the Rego policies of the topology checks, one folder
// per rule (rules/<category>/<rule-name>/<rule_name>.rego beside its
// <rule_name>_test.rego and example files), plus the shared library in
// rules/lib. They are embedded so the CLI and the wasm build carry them.
package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed lib/*.rego */*/*.rego */*/*.nines.hcl
var files embed.FS

// FS returns every embedded file: policies, their tests and the examples.
func FS() fs.FS { return files }

// Source is one Rego file: its slash-separated path below rules/ and its text.
type Source struct {
	Path string
	Text string
}

// Policies returns the Rego policies that are evaluated (the library and
// every rule), without the tests, sorted by path.
func Policies() ([]Source, error) { return regoFiles(false) }

// Tests returns the Rego tests, sorted by path.
func Tests() ([]Source, error) { return regoFiles(true) }

func regoFiles(tests bool) ([]Source, error) {
	var out []Source
	err := fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".rego") || strings.HasSuffix(path, "_test.rego") != tests {
			return nil
		}
		b, err := fs.ReadFile(files, path)
		if err != nil {
			return err
		}
		out = append(out, Source{Path: path, Text: string(b)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading embedded rules: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}
