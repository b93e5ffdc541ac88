package cli

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/nines-dev/nines/internal/report"
)

// loaded is what nines vet analyzes: the units whose findings are reported,
// and every unit analyzed from source (the reported ones plus, for analyzers
// with facts, the other packages of the same modules they depend on).
type loaded struct {
	reported   map[*packages.Package]bool
	analyzed   []*packages.Package
	broken     map[*packages.Package]bool // computed before any import edge is dropped
	loadErrors []report.LoadError
}

func newLoaded(dir string, units []*packages.Package) *loaded {
	return &loaded{
		reported:   make(map[*packages.Package]bool),
		analyzed:   units,
		broken:     brokenPackages(units),
		loadErrors: loadErrors(dir, units),
	}
}

// loadPackages loads the packages matching patterns for analysis.
//
// Analyzers without facts need only the matched packages from source; their
// dependencies come from export data, as go vet does it.
//
// Analyzers with facts need their dependencies analyzed too. Type-checking
// every dependency from source (packages.LoadAllSyntax) costs three times
// the load itself on real modules, most of it the standard library and
// third-party modules, where nines's facts (a helper that sends a POST
// without an idempotency key, a helper that computes a jittered wait) are
// not what users are asking about. So facts flow between the packages of the
// modules being vetted (with the workspace's other modules and modules
// replaced by a local directory), loaded from source, while every other
// dependency comes from export data and contributes no facts. -deps-facts
// restores the full-source load.
func loadPackages(dir string, patterns []string, tags string, tests, facts, depsFacts bool) (*loaded, error) {
	mode := packages.LoadSyntax | packages.NeedModule
	if facts && depsFacts {
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	if !facts || depsFacts {
		pkgs, err := load(dir, mode, tags, tests, patterns)
		if err != nil {
			return nil, err
		}
		l := newLoaded(dir, vetUnits(pkgs))
		for _, u := range l.analyzed {
			l.reported[u] = true
		}
		return l, nil
	}

	// List the import graph without types to find the same-module
	// dependencies of the matched packages.
	listed, err := load(dir, packages.NeedName|packages.NeedModule|packages.NeedImports|packages.NeedDeps, tags, tests, patterns)
	if err != nil {
		return nil, err
	}
	wanted := make(map[string]bool) // PkgPath of the packages to report on
	modules := make(map[string]bool)
	for _, p := range listed {
		wanted[p.PkgPath] = true
		if p.Module != nil {
			modules[p.Module.Path] = true
		}
	}
	extra := make(map[string]bool)
	packages.Visit(listed, nil, func(p *packages.Package) {
		if p.Module != nil && (modules[p.Module.Path] || userModule(p.Module)) && !wanted[p.PkgPath] && p.ID == p.PkgPath {
			extra[p.PkgPath] = true
		}
	})
	all := append(slices.Clone(patterns), slices.Sorted(mapKeys(extra))...)
	pkgs, err := load(dir, mode, tags, tests, all)
	if err != nil {
		return nil, err
	}
	l := newLoaded(dir, vetUnits(pkgs))
	for _, u := range l.analyzed {
		if wanted[u.PkgPath] {
			l.reported[u] = true
		}
	}

	// Facts come only from packages analyzed from source: drop the edges to
	// packages loaded from export data, so the checker does not try to run
	// fact-producing analyzers on packages that have no syntax.
	// Only the packages asked for are fully type-checked: go/packages may
	// also parse a dependency whose export data is missing, but then checks
	// it without function bodies, which analyzers cannot use.
	fromSource := make(map[*packages.Package]bool)
	for _, p := range pkgs {
		fromSource[p] = true
	}
	for p := range fromSource {
		pruned := make(map[string]*packages.Package, len(p.Imports))
		for path, imp := range p.Imports {
			if fromSource[imp] {
				pruned[path] = imp
			}
		}
		p.Imports = pruned
	}
	return l, nil
}

// userModule reports whether m is a module of the user's own rather than a
// published dependency: a module of the go.work workspace (the go command
// marks each as main) or one a replace directive points at a local
// directory. Its packages are loaded from source, so that facts flow from
// them as from the vetted module, as go vet -vettool computes them.
func userModule(m *packages.Module) bool {
	return m.Main || m.Replace != nil && m.Replace.Version == "" && m.Replace.Dir != ""
}

func load(dir string, mode packages.LoadMode, tags string, tests bool, patterns []string) ([]*packages.Package, error) {
	cfg := &packages.Config{Mode: mode, Dir: dir, Tests: tests}
	if tags != "" {
		cfg.BuildFlags = []string{"-tags=" + tags}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading packages: %w", err)
	}
	if len(pkgs) == 0 {
		return nil, errNoPackages{strings.Join(patterns, " ")}
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			if (strings.Contains(e.Msg, "does not contain main module") || strings.Contains(e.Msg, "go.mod file not found")) && !inModule(dir) {
				return nil, fmt.Errorf("%s is not inside a Go module (no go.mod in it or above it, and no go.work names it); run nines vet in a module, or nines topo for topology files alone", dir)
			}
		}
	}
	return pkgs, nil
}

// inModule reports whether the go command finds a module or a workspace
// for dir. It is asked only when loading failed.
func inModule(dir string) bool {
	cmd := exec.Command("go", "env", "GOMOD", "GOWORK")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return true // cannot tell: keep the go command's own words
	}
	for _, v := range strings.Fields(string(out)) {
		if v != os.DevNull && v != "off" {
			return true
		}
	}
	return false
}

// errNoPackages says the patterns matched no package: a module with no Go
// files yet. nines vet warns and reports nothing, as go vet does.
type errNoPackages struct{ patterns string }

func (e errNoPackages) Error() string { return e.patterns + " matched no packages" }

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
