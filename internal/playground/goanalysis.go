package playground

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"go/version"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/nines-dev/nines/internal/driver/findings"
	"github.com/nines-dev/nines/internal/playground/exportdata"
)

// ModulePath is the import path of the playground's root directory: a file
// "lib/x.go" is in package ModulePath+"/lib" and may be imported by that path.
const ModulePath = "play"

// GoRequest is what the page sends the Go worker.
type GoRequest struct {
	Files []File `json:"files"`
	// Disabled names analyzers not to run.
	Disabled []string `json:"disabled,omitempty"`
	// Flags sets analyzer flags: analyzer name -> flag name -> value.
	// Flags not named keep their defaults.
	Flags map[string]map[string]string `json:"flags,omitempty"`
}

// GoResult is the Go worker's answer.
type GoResult struct {
	// Diagnostics are the findings the CLI would report (//nolint'd ones
	// left out), in the CLI's order.
	Diagnostics []Diagnostic `json:"diagnostics"`
	// Suppressed are the findings a //nolint directive covers, in the
	// same order: not shown, but in the SARIF copy, as nines vet -format
	// sarif includes them with their justification.
	Suppressed []Diagnostic `json:"suppressed"`
	Notes      []Note       `json:"notes"`
	// Analyzers are the names of the analyzers that ran.
	Analyzers []string `json:"analyzers"`
	Millis    float64  `json:"millis"`
}

// Diagnostic is one finding of one analyzer.
type Diagnostic struct {
	Analyzer string `json:"analyzer"`
	URL      string `json:"url"`
	Message  string `json:"message"`
	Category string `json:"category,omitempty"`
	Range
	Fixes []Fix `json:"fixes,omitempty"`
	// Package is the ID of the package the finding is in, as nines vet
	// -json keys it ("play", "play/lib").
	Package string `json:"package"`
	// Related are the finding's further sites, as nines vet prints them.
	Related []Related `json:"related,omitempty"`
	// Justification is the reason after the //nolint directive of a
	// suppressed finding.
	Justification string `json:"justification,omitempty"`
}

// Related is a further site of a finding.
type Related struct {
	Message string `json:"message"`
	Range
}

// Fix is a suggested fix. Edits carry byte offsets (Start, End) for ApplyFix
// and UTF-16 offsets (From, To) for the editor.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
}

// Edit replaces a span of one file.
type Edit struct {
	File  string `json:"file"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	From  int    `json:"from"`
	To    int    `json:"to"`
	New   string `json:"new"`
}

// GoSession analyses the page's Go files again and again. It keeps the
// packages decoded from export data between runs, so a run costs little more
// than type-checking and analysing the user's code. A GoSession is used by
// one goroutine at a time.
type GoSession struct {
	analyzers []*analysis.Analyzer
	fset      *token.FileSet
	imp       *exportdata.Importer
	runs      int
}

// resetEvery bounds the FileSet, which grows by one entry per file per run.
const resetEvery = 1000

// NewGoSession returns a session that runs the given analyzers (normally
// analyzers.All()).
func NewGoSession(analyzers []*analysis.Analyzer) *GoSession {
	s := &GoSession{analyzers: analyzers}
	s.reset()
	return s
}

func (s *GoSession) reset() {
	s.fset = token.NewFileSet()
	s.imp = exportdata.NewImporter(s.fset)
	s.runs = 0
}

// Analyzers returns the analyzers of the session.
func (s *GoSession) Analyzers() []*analysis.Analyzer { return s.analyzers }

// Warm imports the packages most programs use, so that the first analysis
// after the page loads is quick.
func (s *GoSession) Warm(paths ...string) error {
	for _, p := range paths {
		if _, err := s.imp.Import(p); err != nil {
			return fmt.Errorf("warming up: %w", err)
		}
	}
	return nil
}

type localPkg struct {
	dir     string // "" for the root
	path    string
	name    string
	files   []*ast.File
	names   []string // file names, as given
	imports []string // local import paths
	syntax  bool     // has syntax errors
	pkg     *packages.Package
}

// Analyze parses, type-checks and analyses the files of req.
func (s *GoSession) Analyze(req GoRequest) *GoResult {
	start := time.Now()
	if s.runs++; s.runs > resetEvery {
		s.reset()
		s.runs = 1
	}
	res := &GoResult{Diagnostics: []Diagnostic{}, Suppressed: []Diagnostic{}, Notes: []Note{}}
	sources := make(map[string]string)
	for _, f := range req.Files {
		sources[f.Name] = f.Content
	}
	notes := NewNotes(sources)

	pkgs, order := s.parse(req.Files, notes)
	s.check(pkgs, order, notes)

	active, err := s.configure(req)
	if err != nil {
		notes.Add("analyzer", "error", err.Error(), token.Position{})
	}
	for _, a := range active {
		res.Analyzers = append(res.Analyzers, a.Name)
	}
	var roots []*packages.Package
	for _, lp := range order {
		roots = append(roots, lp.pkg)
	}
	if len(roots) > 0 && len(active) > 0 {
		res.Diagnostics, res.Suppressed = s.run(active, roots, notes)
	}
	res.Notes = notes.Sorted()
	res.Millis = float64(time.Since(start).Microseconds()) / 1000
	return res
}

// parse groups the .go files by directory into packages and orders them so
// that a package comes after the local packages it imports.
func (s *GoSession) parse(files []File, notes *Notes) (map[string]*localPkg, []*localPkg) {
	byDir := make(map[string]*localPkg)
	sorted := slices.Clone(files)
	slices.SortFunc(sorted, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	for _, f := range sorted {
		if !strings.HasSuffix(f.Name, ".go") {
			continue
		}
		af, err := parser.ParseFile(s.fset, f.Name, f.Content, parser.ParseComments|parser.SkipObjectResolution)
		dir := path.Dir(f.Name)
		if dir == "." {
			dir = ""
		}
		key := dir
		if af != nil && af.Name != nil && strings.HasSuffix(af.Name.Name, "_test") && findings.IsTestFile(f.Name) {
			key = dir + "#xtest" // an external test package is a package of its own
		}
		lp := byDir[key]
		if lp == nil {
			p := ModulePath
			if dir != "" {
				p += "/" + dir
			}
			if strings.HasSuffix(key, "#xtest") {
				p += "_test"
			}
			lp = &localPkg{dir: dir, path: p}
			byDir[key] = lp
		}
		if err != nil {
			lp.syntax = true
			var list scanner.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					notes.Add("syntax", "error", e.Msg, e.Pos)
				}
			} else {
				notes.Add("syntax", "error", err.Error(), token.Position{Filename: f.Name, Line: 1, Column: 1})
			}
		}
		if af == nil {
			continue
		}
		if lp.name == "" {
			lp.name = af.Name.Name
		} else if af.Name.Name != lp.name {
			notes.Add("syntax", "error", fmt.Sprintf("package %s; expected package %s", af.Name.Name, lp.name), s.fset.Position(af.Name.Pos()))
			lp.syntax = true
			continue
		}
		lp.files = append(lp.files, af)
		lp.names = append(lp.names, f.Name)
	}

	byPath := make(map[string]*localPkg)
	for _, lp := range byDir {
		byPath[lp.path] = lp
	}
	for _, lp := range byDir {
		seen := map[string]bool{}
		for _, f := range lp.files {
			for _, spec := range f.Imports {
				p, err := strconv.Unquote(spec.Path.Value)
				if err != nil {
					continue
				}
				if _, ok := byPath[p]; ok && !seen[p] {
					seen[p] = true
					lp.imports = append(lp.imports, p)
					continue
				}
				if p == "unsafe" || p == "C" || isEmbedded(p) {
					continue
				}
				notes.AddRange("import", "warning",
					fmt.Sprintf("cannot resolve import %q: the playground has type information only for the standard library packages and retry libraries it embeds; the rest of the code is still analysed, but what uses this package is not checked", p),
					s.fset.Position(spec.Path.Pos()), s.fset.Position(spec.Path.End()))
			}
		}
		sort.Strings(lp.imports)
	}

	// Depth-first topological order; a cycle is reported and broken.
	var order []*localPkg
	state := make(map[*localPkg]int) // 1 visiting, 2 done
	var visit func(lp *localPkg)
	visit = func(lp *localPkg) {
		switch state[lp] {
		case 1:
			notes.Add("load", "error", fmt.Sprintf("import cycle through %s", lp.path), token.Position{Filename: firstName(lp), Line: 1, Column: 1})
			return
		case 2:
			return
		}
		state[lp] = 1
		for _, p := range lp.imports {
			visit(byPath[p])
		}
		state[lp] = 2
		order = append(order, lp)
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		visit(byPath[p])
	}
	return byPath, order
}

func firstName(lp *localPkg) string {
	if len(lp.names) > 0 {
		return lp.names[0]
	}
	return ""
}

func isEmbedded(p string) bool {
	_, found := slices.BinarySearch(exportdata.Paths(), p)
	return found
}

// importer resolves the playground's own packages first, then export data.
type importer struct {
	local map[string]*localPkg
	imp   *exportdata.Importer
}

func (im importer) Import(p string) (*types.Package, error) {
	if lp, ok := im.local[p]; ok {
		if lp.pkg == nil || lp.pkg.Types == nil {
			return nil, fmt.Errorf("package %s is not type-checked yet (import cycle)", p)
		}
		return lp.pkg.Types, nil
	}
	return im.imp.Import(p)
}

var sizes = types.SizesFor("gc", "amd64")

func (s *GoSession) check(local map[string]*localPkg, order []*localPkg, notes *Notes) {
	imp := importer{local: local, imp: s.imp}
	goVersion := version.Lang(runtime.Version())
	for _, lp := range order {
		info := &types.Info{
			Types:        make(map[ast.Expr]types.TypeAndValue),
			Defs:         make(map[*ast.Ident]types.Object),
			Uses:         make(map[*ast.Ident]types.Object),
			Implicits:    make(map[ast.Node]types.Object),
			Selections:   make(map[*ast.SelectorExpr]*types.Selection),
			Scopes:       make(map[ast.Node]*types.Scope),
			Instances:    make(map[*ast.Ident]types.Instance),
			FileVersions: make(map[*ast.File]string),
		}
		var typeErrs []types.Error
		conf := types.Config{
			Importer:  imp,
			Sizes:     sizes,
			GoVersion: goVersion,
			Error: func(err error) {
				if te, ok := err.(types.Error); ok {
					typeErrs = append(typeErrs, te)
				}
			},
		}
		name := lp.name
		if name == "" {
			name = path.Base(lp.path)
		}
		tpkg, _ := conf.Check(lp.path, s.fset, lp.files, info)
		if lp.syntax {
			typeErrs = nil // mostly echoes of the syntax errors
		}
		for _, te := range typeErrs {
			if strings.HasPrefix(te.Msg, "could not import") {
				continue // already a note of kind "import", at the same place
			}
			sev := "error"
			if te.Soft {
				sev = "warning"
			}
			notes.Add("type", sev, te.Msg, te.Fset.Position(te.Pos))
		}
		lp.pkg = &packages.Package{
			ID:         lp.path,
			Name:       name,
			PkgPath:    lp.path,
			GoFiles:    lp.names,
			Fset:       s.fset,
			Syntax:     lp.files,
			Types:      tpkg,
			TypesInfo:  info,
			TypesSizes: sizes,
			// Type errors do not stop the analyzers, unlike in the CLI:
			// while typing, a half-written line elsewhere or an import the
			// playground cannot resolve should not hide every finding.
			// Syntax errors do, as the syntax tree is then a guess.
			IllTyped: lp.syntax,
			Imports:  make(map[string]*packages.Package),
		}
		for _, p := range lp.imports {
			if dep := local[p]; dep != nil && dep.pkg != nil {
				lp.pkg.Imports[p] = dep.pkg
			}
		}
	}
}

// setFlag sets an analyzer's flag. The flag package answers a bad value
// with "parse error" or strconv's "invalid syntax"; the error names the
// analyzer, the flag, the value and what the flag accepts instead.
func setFlag(a *analysis.Analyzer, name, value string) error {
	f := a.Flags.Lookup(name)
	if f == nil {
		return fmt.Errorf("configuring analyzer %s: it has no flag -%s", a.Name, name)
	}
	err := f.Value.Set(value)
	if err == nil {
		return nil
	}
	want := ""
	if g, ok := f.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case time.Duration:
			want = "a duration such as 300ms, 10s or 1m30s"
		case bool:
			want = "true or false"
		case int, int64:
			want = "a whole number such as 3"
		case uint, uint64:
			want = "a whole number, 0 or more"
		case float64:
			want = "a number such as 1.5"
		}
	}
	if want == "" {
		return fmt.Errorf("configuring analyzer %s: -%s %q: %w", a.Name, name, value, err)
	}
	return fmt.Errorf("configuring analyzer %s: -%s %q is not valid: want %s (default %s)", a.Name, name, value, want, f.DefValue)
}

// configure returns the analyzers to run, with their flags set as req says.
func (s *GoSession) configure(req GoRequest) ([]*analysis.Analyzer, error) {
	var errs []error
	known := make(map[string]*analysis.Analyzer)
	for _, a := range s.analyzers {
		known[a.Name] = a
		a.Flags.VisitAll(func(f *flag.Flag) { _ = f.Value.Set(f.DefValue) })
	}
	for _, name := range sortedKeys(req.Flags) {
		a := known[name]
		if a == nil {
			errs = append(errs, fmt.Errorf("configuring analyzers: unknown analyzer %q", name))
			continue
		}
		for _, fl := range sortedKeys(req.Flags[name]) {
			if err := setFlag(a, fl, req.Flags[name][fl]); err != nil {
				errs = append(errs, err)
			}
		}
	}
	var active []*analysis.Analyzer
	for _, a := range s.analyzers {
		if !slices.Contains(req.Disabled, a.Name) {
			active = append(active, a)
		}
	}
	return active, errors.Join(errs...)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (s *GoSession) run(active []*analysis.Analyzer, roots []*packages.Package, notes *Notes) (reported, suppressed []Diagnostic) {
	guarded := guard(active)
	graph, err := checker.Analyze(guarded, roots, &checker.Options{Sequential: true})
	if err != nil {
		notes.Add("analyzer", "error", fmt.Sprintf("analyzing: %v", err), token.Position{})
		return []Diagnostic{}, []Diagnostic{}
	}
	var units []findings.Unit
	for _, act := range graph.Roots {
		if act.Err != nil {
			if !act.Package.IllTyped {
				notes.Add("analyzer", "error", fmt.Sprintf("analyzer %s failed on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err), token.Position{})
			}
			continue
		}
		units = append(units, findings.Unit{
			PackageID:   act.Package.ID,
			Analyzer:    act.Analyzer.Name,
			Fset:        act.Package.Fset,
			Files:       act.Package.Syntax,
			Diagnostics: act.Diagnostics,
		})
	}
	urls := make(map[string]string)
	for _, a := range active {
		urls[a.Name] = a.URL
	}
	reported, suppressed = []Diagnostic{}, []Diagnostic{}
	for _, f := range findings.Collect(units, findings.Options{}) {
		d := Diagnostic{
			Analyzer:      f.Analyzer,
			URL:           urls[f.Analyzer],
			Message:       f.Message,
			Category:      f.Category,
			Range:         notes.RangeOf(f.Posn, f.End),
			Package:       f.PackageID,
			Justification: f.Justification,
		}
		for _, r := range f.Related {
			d.Related = append(d.Related, Related{Message: r.Message, Range: notes.RangeOf(r.Posn, r.End)})
		}
		for _, fx := range f.Fixes {
			fix := Fix{Message: fx.Message, Edits: []Edit{}}
			for _, e := range fx.Edits {
				esrc := notes.Source(e.Filename)
				fix.Edits = append(fix.Edits, Edit{File: e.Filename, Start: e.Start, End: e.End, From: utf16Offset(esrc, e.Start), To: utf16Offset(esrc, e.End), New: e.New})
			}
			d.Fixes = append(d.Fixes, fix)
		}
		if f.Suppressed {
			suppressed = append(suppressed, d)
		} else {
			reported = append(reported, d)
		}
	}
	return reported, suppressed
}

// guard returns copies of the analyzers (and of everything they require)
// whose Run turns a panic into an error. An analyzer meets code the CLI
// never shows it, with type errors in it, and one failure must not take the
// worker down. Each copy calls the original's Run with a Pass that names the
// original analyzers, so pass.ResultOf[inspect.Analyzer] still works.
func guard(roots []*analysis.Analyzer) []*analysis.Analyzer {
	copies := make(map[*analysis.Analyzer]*analysis.Analyzer)
	originals := make(map[*analysis.Analyzer]*analysis.Analyzer)
	var cp func(a *analysis.Analyzer) *analysis.Analyzer
	cp = func(a *analysis.Analyzer) *analysis.Analyzer {
		if c, ok := copies[a]; ok {
			return c
		}
		c := &analysis.Analyzer{
			Name:             a.Name,
			Doc:              a.Doc,
			URL:              a.URL,
			Flags:            a.Flags,
			ResultType:       a.ResultType,
			FactTypes:        a.FactTypes,
			RunDespiteErrors: a.RunDespiteErrors,
		}
		copies[a] = c
		originals[c] = a
		for _, r := range a.Requires {
			c.Requires = append(c.Requires, cp(r))
		}
		orig := a
		c.Run = func(pass *analysis.Pass) (result any, err error) {
			defer func() {
				if r := recover(); r != nil {
					result, err = nil, fmt.Errorf("internal error: %v", r)
				}
			}()
			p := *pass
			p.Analyzer = orig
			p.ResultOf = make(map[*analysis.Analyzer]any, len(pass.ResultOf))
			for k, v := range pass.ResultOf {
				p.ResultOf[originals[k]] = v
			}
			return orig.Run(&p)
		}
		return c
	}
	out := make([]*analysis.Analyzer, len(roots))
	for i, a := range roots {
		out[i] = cp(a)
	}
	return out
}

// ApplyFix applies the edits of one suggested fix to files and formats the
// Go files it changed, as `nines vet -fix` does. It returns every file, in
// the order given.
func ApplyFix(files []File, fix Fix) ([]File, error) {
	byFile := make(map[string][]Edit)
	for _, e := range fix.Edits {
		byFile[e.File] = append(byFile[e.File], e)
	}
	out := slices.Clone(files)
	for i, f := range out {
		edits := byFile[f.Name]
		if len(edits) == 0 {
			continue
		}
		delete(byFile, f.Name)
		slices.SortFunc(edits, func(a, b Edit) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), strings.Compare(a.New, b.New))
		})
		edits = slices.Compact(edits) // an analyzer may add the same import twice
		var b strings.Builder
		last := 0
		for _, e := range edits {
			if e.Start < last || e.End > len(f.Content) || e.Start > e.End {
				return nil, fmt.Errorf("applying fix %q to %s: edit [%d,%d) out of range or overlapping", fix.Message, f.Name, e.Start, e.End)
			}
			b.WriteString(f.Content[last:e.Start])
			b.WriteString(e.New)
			last = e.End
		}
		b.WriteString(f.Content[last:])
		content := b.String()
		if strings.HasSuffix(f.Name, ".go") {
			formatted, err := format.Source([]byte(content))
			if err != nil {
				return nil, fmt.Errorf("applying fix %q to %s: fixed file does not parse: %w", fix.Message, f.Name, err)
			}
			content = string(formatted)
		}
		out[i].Content = content
	}
	for name := range byFile {
		return nil, fmt.Errorf("applying fix %q: no file %s", fix.Message, name)
	}
	return out, nil
}
