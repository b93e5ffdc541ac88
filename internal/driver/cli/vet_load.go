package cli

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/driver/findings"
	"github.com/nines-dev/nines/internal/driver/vetcache"
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
	// graph holds the roots of a load with every dependency and its
	// files, for the cache; nil when no such load was made.
	graph []*packages.Package
	// factModules are the paths of the modules whose packages were
	// analyzed from source for facts (with the user's own modules).
	factModules []string
}

// loadOptions says how loadPackages loads.
type loadOptions struct {
	tags                    string
	tests, facts, depsFacts bool
	// factModules, when not nil, are the modules analyzed from source for
	// facts in place of the modules of the matched packages: a run of the
	// cache on a few packages computes the facts the whole run computed.
	factModules []string
}

func (cfg *vetConfig) loadOptions(factModules []string) loadOptions {
	return loadOptions{tags: cfg.tags, tests: cfg.tests, facts: usesFacts(cfg.analyzers), depsFacts: cfg.depsFacts, factModules: factModules}
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
func loadPackages(dir string, patterns []string, opts loadOptions) (*loaded, error) {
	tags, tests := opts.tags, opts.tests
	mode := packages.LoadSyntax | packages.NeedModule
	if opts.facts && opts.depsFacts {
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	if !opts.facts || opts.depsFacts {
		pkgs, err := load(dir, mode, tags, tests, patterns)
		if err != nil {
			return nil, err
		}
		l := newLoaded(dir, vetUnits(pkgs))
		for _, u := range l.analyzed {
			l.reported[u] = true
		}
		if opts.facts {
			l.graph = pkgs // every dependency, from source
		}
		return l, nil
	}

	// List the import graph without types to find the same-module
	// dependencies of the matched packages (and, for the cache, their files).
	listed, err := load(dir, packages.NeedName|packages.NeedFiles|packages.NeedModule|packages.NeedImports|packages.NeedDeps, tags, tests, patterns)
	if err != nil {
		return nil, err
	}
	wanted := make(map[string]bool) // PkgPath of the packages to report on
	modules := make(map[string]bool)
	for _, p := range listed {
		wanted[p.PkgPath] = true
		if p.Module != nil && opts.factModules == nil {
			modules[p.Module.Path] = true
		}
	}
	for _, m := range opts.factModules {
		modules[m] = true
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
	l.graph = listed
	l.factModules = slices.Sorted(mapKeys(modules))

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

// cacheStats says where the reported packages' findings came from.
type cacheStats struct {
	cached, analyzed int
	note             string // why the cache was not used, or not for every package
}

func (s cacheStats) String() string {
	msg := fmt.Sprintf("%d packages: %d from the cache, %d analyzed", s.cached+s.analyzed, s.cached, s.analyzed)
	if s.note != "" {
		msg += "; " + s.note
	}
	return msg
}

// vetCache is the result cache as one run of nines vet uses it.
type vetCache struct {
	store    *vetcache.Store // nil when the run does not use the cache
	key      string
	patterns []string
	start    time.Time
	note     string
}

// openVetCache returns the cache for the run cfg describes, with a nil
// store and a note saying why when the run cannot use it.
func openVetCache(dir string, cfg *vetConfig) *vetCache {
	c := &vetCache{start: time.Now(), patterns: cfg.patterns}
	why := ""
	switch {
	case !cfg.cache:
		why = "-cache=false"
	case cfg.fix:
		why = "-fix"
	case !usesFacts(cfg.analyzers):
		// Without facts the load has no import graph with files.
		why = "no analyzer uses facts"
	case os.Getenv("GO111MODULE") == "off":
		why = "GO111MODULE=off"
	case strings.Contains(os.Getenv("GOFLAGS"), "-modfile"):
		why = "GOFLAGS sets -modfile"
	default:
		why = uncacheablePatterns(cfg.patterns)
	}
	if why != "" {
		c.note = "cache not used: " + why
		return c
	}
	cacheDir, err := vetcache.Dir()
	if err != nil || cacheDir == "" {
		c.note = "cache not used: " + vetcache.EnvVar + "=" + vetcache.Off
		if err != nil {
			c.note = "cache not used: " + err.Error()
		}
		return c
	}
	key, err := runKey(dir, cfg)
	if err != nil {
		c.note = "cache not used: " + err.Error()
		return c
	}
	c.store, c.key = vetcache.Open(cacheDir), key
	return c
}

// uncacheablePatterns says why the packages patterns match cannot be
// known from the files the cache watches, or "".
func uncacheablePatterns(patterns []string) string {
	for _, p := range patterns {
		switch {
		case slices.Contains([]string{"all", "std", "cmd", "tool", "work"}, p):
			return "pattern " + p
		case strings.HasSuffix(p, ".go"):
			return "files named on the command line"
		case strings.Contains(strings.TrimSuffix(p, "/..."), "..."):
			return "pattern " + p + " is not one directory tree"
		}
	}
	return ""
}

// runKey hashes what selects a cache entry: nines and the go command, the
// environment the go command reads, the command line and the analyzers
// with their flags (after .nines.hcl's, which the run key therefore
// covers; its exclusions are applied to the cached findings).
func runKey(dir string, cfg *vetConfig) (string, error) {
	parts := []string{"nines vet", versionString(), dir, strings.Join(cfg.patterns, "\x00"), cfg.tags, strconv.FormatBool(cfg.tests), strconv.FormatBool(cfg.depsFacts)}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if strings.HasPrefix(s.Key, "vcs.") {
				parts = append(parts, s.Key+"="+s.Value)
			}
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding the nines executable: %w", err)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("finding the go command: %w", err)
	}
	for _, path := range []string{exe, goCmd} {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", fmt.Errorf("finding the executables: %w", err)
		}
		fi, err := os.Stat(real)
		if err != nil {
			return "", fmt.Errorf("finding the executables: %w", err)
		}
		parts = append(parts, fmt.Sprintf("%s %d %d", real, fi.Size(), fi.ModTime().UnixNano()))
	}
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(as []*analysis.Analyzer, top bool)
	visit = func(as []*analysis.Analyzer, top bool) {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			name := a.Name
			if top {
				name = "run " + name
			}
			parts = append(parts, name)
			a.Flags.VisitAll(func(f *flag.Flag) { parts = append(parts, "-"+f.Name+"="+f.Value.String()) })
			visit(a.Requires, false)
		}
	}
	visit(cfg.analyzers, true)
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GO") || strings.HasPrefix(kv, "CGO_") || strings.HasPrefix(kv, "CC=") || strings.HasPrefix(kv, "CXX=") || strings.HasPrefix(kv, "PKG_CONFIG=") {
			env = append(env, kv)
		}
	}
	slices.Sort(env)
	return vetcache.Key(append(parts, env...)...), nil
}

// reuse answers the run from the cache: all of it when nothing changed, or
// by analyzing again only the packages whose files changed and those that
// import them, directly or not. It reports false when the whole run must be
// made.
func (c *vetCache) reuse(dir string, cfg *vetConfig) (*vetResult, bool) {
	if c.store == nil {
		return nil, false
	}
	m, ok := c.store.Load(c.key)
	if !ok {
		c.note = "no cache entry for this run"
		return nil, false
	}
	st := m.Check(c.start)
	if st.Full != "" {
		c.note = st.Full
		return nil, false
	}
	if why := supportChanged(m, st); why != "" {
		c.note = why
		return nil, false
	}
	affected := m.Dependents(st.Changed)
	var patterns []string
	for _, u := range m.Units {
		if affected[u.ID] && !slices.Contains(patterns, u.Pattern) {
			patterns = append(patterns, u.Pattern)
		}
	}
	var kept []vetcache.Unit
	for _, u := range m.Units {
		if !slices.Contains(patterns, u.Pattern) {
			kept = append(kept, u)
		}
	}
	var found []findings.Finding
	for _, u := range kept {
		found = append(found, u.Findings...)
	}
	if len(patterns) == 0 {
		if st.Refreshed || len(st.ChangedFiles) > 0 {
			c.write(dir, m, st, nil, nil, nil)
		}
		res := newVetResult(cfg, nil, sortFindings(found), nil)
		res.stats = cacheStats{cached: len(m.Units)}
		return res, true
	}
	slices.Sort(patterns)
	l, err := loadPackages(dir, patterns, cfg.loadOptions(m.FactModules))
	if err != nil {
		c.note = "loading the changed packages: " + err.Error()
		return nil, false
	}
	again, aerrs, err := analyze(l, cfg)
	if err != nil {
		c.note = err.Error()
		return nil, false
	}
	res := newVetResult(cfg, l.loadErrors, sortFindings(append(found, again...)), aerrs)
	res.stats = cacheStats{cached: len(kept), analyzed: len(l.reported)}
	if len(l.loadErrors) == 0 && len(aerrs) == 0 {
		c.write(dir, m, st, l, kept, again)
	}
	return res, true
}

// sortFindings orders findings gathered from several runs as one run's
// findings.Collect orders them.
func sortFindings(fs []findings.Finding) []findings.Finding {
	slices.SortFunc(fs, findings.Compare)
	return slices.CompactFunc(fs, func(a, b findings.Finding) bool {
		return a.Analyzer == b.Analyzer && a.Posn == b.Posn && a.Message == b.Message
	})
}

// save records a whole run, unless it had errors: a package that did not
// load or an analyzer that failed is analyzed again next time.
func (c *vetCache) save(dir string, l *loaded, found []findings.Finding, aerrs []report.AnalyzerError) {
	if c.store == nil || l.graph == nil || len(l.loadErrors) > 0 || len(aerrs) > 0 {
		return
	}
	c.write(dir, nil, vetcache.Status{}, l, nil, found)
}

// write saves the entry of this run: prev's, brought up to date by st,
// with the packages of l (analyzed again, with the findings found) in
// place of theirs and kept units from prev. A nil prev is a whole run.
func (c *vetCache) write(dir string, prev *vetcache.Manifest, st vetcache.Status, l *loaded, kept []vetcache.Unit, found []findings.Finding) {
	m := &vetcache.Manifest{}
	trusted := make(map[string]vetcache.FileStamp)
	var globals []string
	nodes := make(map[string]vetcache.Node)
	if prev != nil {
		m.FactModules = prev.FactModules
		m.Dirs = st.Dirs
		changed := make(map[string]bool)
		for _, p := range st.ChangedFiles {
			changed[p] = true
		}
		inNode := make(map[string]bool)
		for _, n := range prev.Nodes {
			nodes[n.ID] = n
			for _, p := range n.Files {
				inNode[p] = true
			}
		}
		for _, f := range st.Files {
			if !changed[f.Path] {
				trusted[f.Path] = f
			}
			if !inNode[f.Path] {
				globals = append(globals, f.Path)
			}
		}
		m.Units = kept
		if l == nil {
			m.Units = prev.Units
		}
	}
	var modules []*packages.Module
	if l != nil {
		packages.Visit(l.graph, nil, func(p *packages.Package) {
			n := vetcache.Node{ID: p.ID}
			for _, imp := range p.Imports {
				n.Imports = append(n.Imports, imp.ID)
			}
			slices.Sort(n.Imports)
			if watchedModule(p.Module) && !strings.HasSuffix(p.ID, ".test") {
				n.Files = slices.Concat(p.GoFiles, p.OtherFiles, p.IgnoredFiles)
				slices.Sort(n.Files)
				if !slices.Contains(modules, p.Module) {
					modules = append(modules, p.Module)
				}
			}
			nodes[p.ID] = n
		})
		for p := range l.reported {
			u := vetcache.Unit{ID: p.ID, Pattern: cmp.Or(p.ForTest, p.PkgPath)}
			for _, f := range found {
				if f.PackageID == p.ID {
					u.Findings = append(u.Findings, f)
				}
			}
			m.Units = append(m.Units, u)
		}
	}
	if prev == nil {
		m.FactModules = l.factModules
		var trees, dirs []string
		var why string
		globals, trees, why = goCommandFiles(dir, modules)
		if why != "" {
			c.note = "cache not used: " + why
			return
		}
		for _, p := range c.patterns {
			if p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || filepath.IsAbs(p) {
				if root, ok := strings.CutSuffix(p, "/..."); ok {
					trees = append(trees, filepath.Join(dir, root))
				} else {
					dirs = append(dirs, filepath.Join(dir, p))
				}
			}
		}
		m.Dirs = watchDirs(trees, dirs, c.start)
	}
	if prev != nil {
		m.Support = prev.Support // reuse checked it (supportChanged)
	} else {
		for _, mod := range modules {
			if mod.Dir != "" {
				m.Support = append(m.Support, vetcache.ModuleSupport{Root: mod.Dir, Packages: harness.SupportByImporters(mod.Dir)})
			}
		}
		slices.SortFunc(m.Support, func(a, b vetcache.ModuleSupport) int { return strings.Compare(a.Root, b.Root) })
	}
	slices.SortFunc(m.Units, func(a, b vetcache.Unit) int { return strings.Compare(a.ID, b.ID) })
	paths := slices.Clone(globals)
	for _, id := range slices.Sorted(mapKeys(nodes)) {
		n := nodes[id]
		m.Nodes = append(m.Nodes, n)
		paths = append(paths, n.Files...)
	}
	slices.Sort(paths)
	for _, p := range slices.Compact(paths) {
		if f, ok := trusted[p]; ok {
			m.Files = append(m.Files, f)
		} else {
			m.Files = append(m.Files, vetcache.StampFile(p, c.start))
		}
	}
	if err := c.store.Save(c.key, m); err != nil {
		c.note = "cache not saved: " + err.Error()
	}
}

// supportChanged says why an entry cannot be reused in part when a Go file
// changed and the packages its module imports only from tests are no
// longer those the entry was made with: a package that gains or loses such
// an importer gains or loses findings though none of its files changed
// (internal/analysis/harness). It returns "" when they are the same.
func supportChanged(m *vetcache.Manifest, st vetcache.Status) string {
	if !slices.ContainsFunc(st.ChangedFiles, func(p string) bool { return strings.HasSuffix(p, ".go") }) {
		return ""
	}
	for _, s := range m.Support {
		if !slices.Equal(harness.SupportByImporters(s.Root), s.Packages) {
			return "the packages of " + s.Root + " imported only from tests changed"
		}
	}
	return ""
}

// watchedModule reports whether the cache watches the files of m's
// packages: every module but a versioned one, whose files the module cache
// keeps as go.sum says, and the standard library (m nil), which the go
// command's executable stands for.
func watchedModule(m *packages.Module) bool {
	if m == nil {
		return false
	}
	if m.Replace != nil {
		return m.Replace.Version == ""
	}
	return m.Version == ""
}

// goCommandFiles lists the files the go command reads to resolve packages
// from dir (the go.mod and go.work files it looks for, present or not,
// go.sum files, the go env file, the go.mod files of the user's modules)
// and the directory trees of the user's modules, whose listings decide
// which packages exist. It says why the cache cannot be used when the
// packages do not come from modules it can watch.
func goCommandFiles(dir string, modules []*packages.Module) (files, trees []string, why string) {
	searchUp := func(name string) string {
		for d, prev := dir, ""; d != prev; d, prev = filepath.Dir(d), d {
			p := filepath.Join(d, name)
			files = append(files, p)
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
		return ""
	}
	gomod := searchUp("go.mod")
	work := os.Getenv("GOWORK")
	switch work {
	case "off":
		work = ""
	case "", "auto":
		work = searchUp("go.work")
	default:
		files = append(files, work)
	}
	if gomod == "" && work == "" {
		return nil, nil, "not in a module"
	}
	var local []string // module directories
	for _, f := range []string{gomod, work} {
		if f == "" {
			continue
		}
		if f == gomod {
			local = append(local, filepath.Dir(f))
		}
		dirs, err := localModuleDirs(f)
		if err != nil {
			return nil, nil, err.Error()
		}
		local = append(local, dirs...)
		if f == work {
			files = append(files, work+".sum")
		}
	}
	for _, m := range modules {
		if m.Replace != nil {
			m = m.Replace
		}
		if m.Dir != "" {
			local = append(local, m.Dir)
		}
	}
	for _, d := range local {
		if _, err := os.Stat(filepath.Join(d, "vendor", "modules.txt")); err == nil {
			return nil, nil, "vendor directory in " + d
		}
		files = append(files, filepath.Join(d, "go.mod"), filepath.Join(d, "go.sum"))
		trees = append(trees, d)
	}
	if env := os.Getenv("GOENV"); env != "" && env != "off" {
		files = append(files, env)
	} else if cfg, err := os.UserConfigDir(); err == nil && env == "" {
		files = append(files, filepath.Join(cfg, "go", "env"))
	}
	slices.Sort(files)
	return slices.Compact(files), trees, ""
}

// localModuleDirs returns the directories that the use directives of a
// go.work file, and the replace directives of a go.mod or go.work file,
// name (replacements by a versioned module are not directories).
func localModuleDirs(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	base := filepath.Dir(path)
	var out []string
	add := func(p string) {
		if u, err := strconv.Unquote(p); err == nil {
			p = u
		}
		if p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || filepath.IsAbs(p) {
			if !filepath.IsAbs(p) {
				p = filepath.Join(base, p)
			}
			out = append(out, filepath.Clean(p))
		}
	}
	block := ""
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "//")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		verb := block
		if block == "" {
			verb, fields = fields[0], fields[1:]
			if len(fields) == 1 && fields[0] == "(" {
				block = verb
				continue
			}
		} else if fields[0] == ")" {
			block = ""
			continue
		}
		switch verb {
		case "use":
			if len(fields) > 0 {
				add(fields[0])
			}
		case "replace":
			if i := slices.Index(fields, "=>"); i >= 0 && i+1 < len(fields) {
				add(fields[i+1])
			}
		}
	}
	return out, nil
}

// watchDirs stamps the directory trees and the single directories, each
// directory once.
func watchDirs(trees, dirs []string, start time.Time) []vetcache.DirStamp {
	seen := make(map[string]bool)
	var out []vetcache.DirStamp
	keep := func(ds ...vetcache.DirStamp) {
		for _, d := range ds {
			if !seen[d.Path] {
				seen[d.Path] = true
				out = append(out, d)
			}
		}
	}
	slices.Sort(trees)
	for _, t := range slices.Compact(trees) {
		keep(vetcache.WalkDirs(t, start)...)
	}
	for _, d := range dirs {
		if !seen[d] {
			keep(vetcache.StampDir(d, start))
		}
	}
	return out
}
