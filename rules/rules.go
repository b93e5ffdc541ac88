// Package rules holds the Rego policies of the topology checks, one folder
// per rule (rules/<category>/<rule-name>/<rule_name>.rego beside its
// <rule_name>_test.rego and example files), plus the shared library in
// rules/lib. They are embedded so the CLI and the wasm build carry them.
package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed lib/*.rego */*/*.rego */*/*.nines.hcl
var files embed.FS

// packageMeta is what a rule's Rego file says about it: its package and
// the package METADATA.
type packageMeta struct {
	Package     string `json:"package"` // "data.nines.rules.spof.single_instance"
	HasMetadata bool   `json:"has_metadata"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Severity    string `json:"severity"`
	URL         string `json:"url"`
}

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
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") != tests {
			return nil
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		out = append(out, Source{Path: p, Text: string(b)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading embedded rules: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Rule describes one built-in rule, read from its package METADATA and its
// example files: what `nines rules`, SARIF and the generated docs show.
type Rule struct {
	ID          string // "spof/single-instance": category/rule-name
	Category    string // "spof"
	Name        string // "single-instance"
	Package     string // "data.nines.rules.spof.single_instance"
	Path        string // "spof/single-instance/single_instance.rego", below rules/
	Title       string // one line, lowercase, no final period
	Severity    string // "error" or "warning"
	Description string // prose: what, why, the exact semantics, the fix
	URL         string // the generated documentation page
	ExampleBad  string // a topology the rule reports (example_bad.nines.hcl)
	ExampleGood string // the same topology fixed (example_good.nines.hcl)
}

// Summary is a rule's line in `nines rules`.
type Summary struct {
	ID, Severity, Summary string
}

// All returns every built-in rule sorted by id.
func All() ([]Rule, error) {
	srcs, err := Policies()
	if err != nil {
		return nil, err
	}
	var out []Rule
	for _, src := range srcs {
		if strings.HasPrefix(src.Path, "lib/") {
			continue
		}
		r, err := ruleOf(src)
		if err != nil {
			return nil, fmt.Errorf("reading rule metadata: %w", err)
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// MustAll is All for callers that treat a malformed embedded rule as a
// programming error (every test of this package would catch it).
func MustAll() []Rule {
	r, err := All()
	if err != nil {
		panic(err)
	}
	return r
}

// List returns the id, severity and one-line summary of every rule, sorted
// by id.
func List() []Summary {
	var out []Summary
	for _, r := range MustAll() {
		out = append(out, Summary{ID: r.ID, Severity: r.Severity, Summary: r.Title})
	}
	return out
}

func ruleOf(src Source) (Rule, error) {
	dir := path.Dir(src.Path)
	category, name, ok := strings.Cut(dir, "/")
	if !ok || strings.Contains(name, "/") {
		return Rule{}, fmt.Errorf("%s: rules live in <category>/<rule-name>/<rule_name>.rego", src.Path)
	}
	if want := path.Join(dir, strings.ReplaceAll(name, "-", "_")+".rego"); src.Path != want {
		return Rule{}, fmt.Errorf("%s: want the file named %s", src.Path, want)
	}
	meta, err := readPackageMeta(src)
	if err != nil {
		return Rule{}, err
	}
	r := Rule{
		ID:       category + "/" + name,
		Category: category,
		Name:     name,
		Package:  meta.Package,
		Path:     src.Path,
	}
	if want := "data.nines.rules." + category + "." + strings.ReplaceAll(name, "-", "_"); r.Package != want {
		return Rule{}, fmt.Errorf("%s: package %s, want %s", src.Path, strings.TrimPrefix(r.Package, "data."), strings.TrimPrefix(want, "data."))
	}
	if !meta.HasMetadata {
		return Rule{}, fmt.Errorf("%s: no package METADATA", src.Path)
	}
	r.Title, r.Description, r.Severity, r.URL = meta.Title, meta.Description, meta.Severity, meta.URL
	for _, ex := range []struct {
		file string
		dst  *string
	}{{"example_bad.nines.hcl", &r.ExampleBad}, {"example_good.nines.hcl", &r.ExampleGood}} {
		b, err := fs.ReadFile(files, path.Join(dir, ex.file))
		if err != nil {
			return Rule{}, fmt.Errorf("%s: %w", src.Path, err)
		}
		*ex.dst = string(b)
	}
	switch {
	case r.Title == "":
		return Rule{}, fmt.Errorf("%s: METADATA has no title", src.Path)
	case r.Description == "":
		return Rule{}, fmt.Errorf("%s: METADATA has no description", src.Path)
	case r.Severity != "error" && r.Severity != "warning":
		return Rule{}, fmt.Errorf("%s: METADATA custom.severity is %q, want error or warning", src.Path, r.Severity)
	case r.URL == "":
		return Rule{}, fmt.Errorf("%s: METADATA has no related_resources link to the rule's page", src.Path)
	}
	return r, nil
}
