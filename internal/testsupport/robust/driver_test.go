package robust

import (
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"go/version"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/nines-dev/nines/internal/playground/exportdata"
)

// modulePrefix is the import path prefix of the fuzzed packages: a file of
// package name n is in package modulePrefix+n.
const modulePrefix = "fuzz.example/"

// srcFile is one Go file handed to the driver.
type srcFile struct {
	name, content string
}

// outcome is what one run of the driver saw.
type outcome struct {
	pkgs        []*packages.Package
	syntaxErrs  int
	typeErrs    []types.Error
	diagnostics []diag
	actionErrs  []string
	fset        *token.FileSet
}

type diag struct {
	analyzer string
	d        analysis.Diagnostic
}

// driver is a minimal analysis driver: parse, type-check against embedded
// export data, analyze. It keeps the decoded export data between runs, as
// the playground does, so a fuzz iteration costs only the user's files.
// Unlike the CLI and the playground it recovers no panic.
type driver struct {
	mu   sync.Mutex
	fset *token.FileSet
	imp  *exportdata.Importer
	runs int
}

// resetEvery bounds the FileSet, which grows with every file parsed.
const resetEvery = 2000

var sharedDriver = &driver{}

var sizes = types.SizesFor("gc", "amd64")

// run parses files, groups them by package name, type-checks the groups
// (a package may import one checked before it, in file order) and runs
// the analyzers on every package. Type errors leave a package well-typed
// in the checker's eyes, as in the playground, so every analyzer meets
// partial type information; syntax errors mark it ill-typed, as go/packages
// does, so only the analyzers that run despite errors meet broken trees.
func (d *driver) run(as []*analysis.Analyzer, files []srcFile) (*outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fset == nil || d.runs >= resetEvery {
		d.fset = token.NewFileSet()
		d.imp = exportdata.NewImporter(d.fset)
		d.runs = 0
	}
	d.runs++
	out := &outcome{fset: d.fset}

	type group struct {
		name   string
		files  []*ast.File
		names  []string
		syntax bool
	}
	var order []*group
	byName := make(map[string]*group)
	for _, f := range files {
		af, err := parser.ParseFile(d.fset, f.name, f.content, parser.AllErrors|parser.ParseComments)
		if err != nil {
			var list scanner.ErrorList
			if errors.As(err, &list) {
				out.syntaxErrs += len(list)
			} else {
				out.syntaxErrs++
			}
		}
		if af == nil || af.Name == nil {
			continue
		}
		name := af.Name.Name
		if name == "" || name == "_" {
			name = "p"
		}
		g := byName[name]
		if g == nil {
			g = &group{name: name}
			byName[name] = g
			order = append(order, g)
		}
		g.files = append(g.files, af)
		g.names = append(g.names, f.name)
		g.syntax = g.syntax || err != nil
	}

	local := make(map[string]*packages.Package)
	imp := importerFunc(func(p string) (*types.Package, error) {
		if lp, ok := local[p]; ok {
			return lp.Types, nil
		}
		return d.imp.Import(p)
	})
	goVersion := runtimeGoVersion()
	for _, g := range order {
		pkgPath := modulePrefix + g.name
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
		conf := types.Config{
			Importer:  imp,
			Sizes:     sizes,
			GoVersion: goVersion,
			Error: func(err error) {
				if te, ok := err.(types.Error); ok {
					out.typeErrs = append(out.typeErrs, te)
				}
			},
		}
		tpkg, _ := conf.Check(pkgPath, d.fset, g.files, info)
		p := &packages.Package{
			ID:              pkgPath,
			Name:            g.name,
			PkgPath:         pkgPath,
			GoFiles:         g.names,
			CompiledGoFiles: g.names,
			Fset:            d.fset,
			Syntax:          g.files,
			Types:           tpkg,
			TypesInfo:       info,
			TypesSizes:      sizes,
			IllTyped:        g.syntax,
			Imports:         make(map[string]*packages.Package),
		}
		// Facts flow along import edges between the local packages.
		for _, f := range g.files {
			for _, spec := range f.Imports {
				ip, err := strconv.Unquote(spec.Path.Value)
				if err != nil {
					continue
				}
				if dep, ok := local[ip]; ok {
					p.Imports[ip] = dep
				}
			}
		}
		local[pkgPath] = p
		out.pkgs = append(out.pkgs, p)
	}
	if len(out.pkgs) == 0 {
		return out, nil
	}
	graph, err := checker.Analyze(as, out.pkgs, &checker.Options{Sequential: true})
	if err != nil {
		return nil, fmt.Errorf("analyzing: %w", err)
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			out.actionErrs = append(out.actionErrs, fmt.Sprintf("%s on %s: %v", act.Analyzer.Name, act.Package.ID, act.Err))
			continue
		}
		for _, dg := range act.Diagnostics {
			out.diagnostics = append(out.diagnostics, diag{analyzer: act.Analyzer.Name, d: dg})
		}
	}
	return out, nil
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(p string) (*types.Package, error) { return f(p) }

func runtimeGoVersion() string { return version.Lang(runtime.Version()) }

// checkPositions reports diagnostics and suggested-fix edits that do not
// lie within the files they claim: a driver printing them, or -fix
// applying them, would misbehave.
//
// A diagnostic may end one byte past the end of its file: go/parser gives
// a call left open at the end of the file (http.Post( at EOF) an Rparen at
// EOF, so the call's End() is EOF+1, and an analyzer reporting the call's
// range is not at fault. Drivers must clamp such an end
// (TestVetFindingEndInItsFile); edits get no such allowance.
func checkPositions(out *outcome) error {
	var errs []error
	valid := func(pos, end token.Pos, slack int) error {
		if !pos.IsValid() {
			return fmt.Errorf("invalid position")
		}
		tf := out.fset.File(pos)
		if tf == nil {
			return fmt.Errorf("position %d in no file", pos)
		}
		if end.IsValid() {
			if end < pos {
				return fmt.Errorf("end %s before start %s", out.fset.Position(end), out.fset.Position(pos))
			}
			if int(end) > tf.Base()+tf.Size()+slack {
				return fmt.Errorf("end %d past the end of %s", end, tf.Name())
			}
		}
		return nil
	}
	for _, dg := range out.diagnostics {
		if err := valid(dg.d.Pos, dg.d.End, 1); err != nil {
			errs = append(errs, fmt.Errorf("%s: diagnostic %q: %w", dg.analyzer, dg.d.Message, err))
		}
		for _, fix := range dg.d.SuggestedFixes {
			for _, e := range fix.TextEdits {
				if err := valid(e.Pos, e.End, 0); err != nil {
					errs = append(errs, fmt.Errorf("%s: fix %q: %w", dg.analyzer, fix.Message, err))
				}
				if e.End.IsValid() && out.fset.File(e.Pos) != out.fset.File(e.End) {
					errs = append(errs, fmt.Errorf("%s: fix %q: edit spans two files", dg.analyzer, fix.Message))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// checkFixes applies each suggested fix on its own to the files it edits
// and wants the result to parse: nines vet -fix and the playground format
// a fixed file and fail when it does not parse. It is meant for inputs
// without syntax errors, where a fix has a well-formed tree to edit.
func checkFixes(out *outcome, files []srcFile) error {
	src := make(map[string]string, len(files))
	for _, f := range files {
		src[f.name] = f.content
	}
	var errs []error
	for _, dg := range out.diagnostics {
		for _, fix := range dg.d.SuggestedFixes {
			type edit struct {
				start, end int
				text       string
			}
			byFile := make(map[string][]edit)
			bad := false
			for _, e := range fix.TextEdits {
				start := out.fset.PositionFor(e.Pos, false)
				end := start
				if e.End.IsValid() {
					end = out.fset.PositionFor(e.End, false)
				}
				if _, ok := src[start.Filename]; !ok || end.Filename != start.Filename || end.Offset < start.Offset {
					errs = append(errs, fmt.Errorf("%s: fix %q: edit %s-%s outside the input", dg.analyzer, fix.Message, start, end))
					bad = true
					break
				}
				byFile[start.Filename] = append(byFile[start.Filename], edit{start.Offset, end.Offset, string(e.NewText)})
			}
			if bad {
				continue
			}
			for name, edits := range byFile {
				slices.SortStableFunc(edits, func(a, b edit) int { return cmp.Compare(a.start, b.start) })
				var b strings.Builder
				last := 0
				content := src[name]
				for _, e := range edits {
					if e.start < last || e.end > len(content) {
						errs = append(errs, fmt.Errorf("%s: fix %q: overlapping or out-of-range edits in %s", dg.analyzer, fix.Message, name))
						bad = true
						break
					}
					b.WriteString(content[last:e.start])
					b.WriteString(e.text)
					last = e.end
				}
				if bad {
					break
				}
				b.WriteString(content[last:])
				if _, err := parser.ParseFile(token.NewFileSet(), name, b.String(), parser.SkipObjectResolution); err != nil {
					errs = append(errs, fmt.Errorf("%s: fix %q leaves %s unparsable: %v\n--- fixed %s:\n%s", dg.analyzer, fix.Message, name, err, name, b.String()))
				}
			}
		}
	}
	return errors.Join(errs...)
}
