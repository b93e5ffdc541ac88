// Package rootcause turns the diagnostics an analyzer reports for one root
// cause into one finding. A team acts on a root cause in one change (a
// client built once without a Timeout, a dialer type that never sets one):
// reported at every call site, the cause drowns the findings that are
// about something else, and a team switches the analyzer off.
//
// An analyzer names the cause of each diagnostic with a key (the client's
// variable, the constructor, the dialer's field) and reports through a
// Reporter instead of pass.Report:
//
//	r := rootcause.New(pass)
//	defer r.Flush()
//	...
//	r.Report("client "+obj.Name(), analysis.Diagnostic{Pos: call.Pos(), Message: msg})
//
// Diagnostics with the same key are one finding when their positions lie
// in the same top-level function, or in methods of the same receiver base
// type (a type's methods share its fields and constructor, so they share
// its causes). The finding is reported at the first site in source order;
// its message says how many sites share the cause, and the other sites
// are its Related locations, which nines vet prints in text, JSON and
// SARIF (relatedLocations). Sites in other functions or types stay
// findings of their own: a cause that spans a package is still one finding
// per place a reader would change.
//
// A site the driver would drop anyway (a generated file, test-harness
// code; see the generated package; a line a //nolint directive silences
// for this analyzer, see internal/driver/nolint) is dropped before
// grouping, so it is neither the finding nor counted among its sites: a
// //nolint on the first site silences that site only, and the next one
// becomes the finding, under nines vet and golangci-lint alike. Sites in _test.go files
// are never grouped with sites in other files, since nines vet shows them
// only with -tests.
package rootcause

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/analysis/generated"
	"github.com/nines-dev/nines/internal/driver/nolint"
)

// RelatedMessage is the message of each further site of a finding.
const RelatedMessage = "another site of the same cause"

// Reporter collects an analyzer's diagnostics by root cause until Flush.
type Reporter struct {
	pass   *analysis.Pass
	groups map[groupKey]*group
	nolint map[*token.File]*nolint.File // scanned on first use
}

type groupKey struct {
	key   string
	scope string
}

type group struct {
	scopeName string
	diags     []analysis.Diagnostic
}

// New returns a Reporter that reports through pass.Report on Flush.
func New(pass *analysis.Pass) *Reporter {
	return &Reporter{pass: pass, groups: make(map[groupKey]*group)}
}

// Report records d as a site of the root cause key. An empty key is a
// cause of its own: d is reported as it is.
func (r *Reporter) Report(key string, d analysis.Diagnostic) {
	if generated.Skipped(r.pass, d.Pos) || r.silenced(d.Pos) {
		return
	}
	scope, name := r.scope(d.Pos)
	if key == "" || scope == "" {
		scope = fmt.Sprintf("pos %d", d.Pos)
		key = ""
	}
	k := groupKey{key, scope}
	g := r.groups[k]
	if g == nil {
		g = &group{scopeName: name}
		r.groups[k] = g
	}
	g.diags = append(g.diags, d)
}

// Flush reports one diagnostic per root cause and scope, in source order,
// and empties the Reporter.
func (r *Reporter) Flush() {
	var out []analysis.Diagnostic
	for k, g := range r.groups {
		if k.key == "" {
			out = append(out, g.diags...)
			continue
		}
		out = append(out, merge(g))
	}
	r.groups = make(map[groupKey]*group)
	slices.SortStableFunc(out, func(a, b analysis.Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Pos, b.Pos), cmp.Compare(a.Message, b.Message))
	})
	for _, d := range out {
		r.pass.Report(d)
	}
}

// merge makes one diagnostic of a group's sites.
func merge(g *group) analysis.Diagnostic {
	diags := slices.Clone(g.diags)
	slices.SortStableFunc(diags, func(a, b analysis.Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Pos, b.Pos), cmp.Compare(a.Message, b.Message))
	})
	diags = slices.CompactFunc(diags, func(a, b analysis.Diagnostic) bool { return a.Pos == b.Pos && a.Message == b.Message })
	first := diags[0]
	if len(diags) == 1 {
		return first
	}
	first.Message = fmt.Sprintf("%s (%d sites in %s share this cause)", first.Message, len(diags), g.scopeName)
	first.Related = slices.Clone(first.Related)
	for _, d := range diags[1:] {
		first.Related = append(first.Related, analysis.RelatedInformation{Pos: d.Pos, End: d.End, Message: RelatedMessage})
	}
	first.SuggestedFixes = mergeFixes(diags)
	return first
}

// mergeFixes joins the first suggested fix of every site into one fix, so
// applying the finding's fix mends every site. When a site has no fix, or
// two sites' edits overlap, the first site's fixes are kept alone.
func mergeFixes(diags []analysis.Diagnostic) []analysis.SuggestedFix {
	if len(diags[0].SuggestedFixes) == 0 {
		return nil
	}
	joined := analysis.SuggestedFix{Message: diags[0].SuggestedFixes[0].Message}
	for _, d := range diags {
		if len(d.SuggestedFixes) == 0 {
			return diags[0].SuggestedFixes
		}
		joined.TextEdits = append(joined.TextEdits, d.SuggestedFixes[0].TextEdits...)
	}
	sort.SliceStable(joined.TextEdits, func(i, j int) bool { return joined.TextEdits[i].Pos < joined.TextEdits[j].Pos })
	edits := joined.TextEdits[:0]
	for _, e := range joined.TextEdits {
		if n := len(edits); n > 0 {
			prev := edits[n-1]
			if prev.Pos == e.Pos && prev.End == e.End && string(prev.NewText) == string(e.NewText) {
				continue // the same edit, from two sites of one cause
			}
			if e.Pos < max(prev.End, prev.Pos+1) {
				return diags[0].SuggestedFixes
			}
		}
		edits = append(edits, e)
	}
	joined.TextEdits = edits
	return []analysis.SuggestedFix{joined}
}

// silenced reports whether a //nolint directive silences this analyzer
// on the line of pos. nolint:nines counts, as nines vet reads it; under
// golangci-lint, which knows no linter "nines", it then silences the
// sites of grouped analyzers too.
func (r *Reporter) silenced(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	nf, ok := r.nolint[tf]
	if !ok {
		for _, f := range r.pass.Files {
			if r.pass.Fset.File(f.FileStart) == tf {
				nf = nolint.Scan(r.pass.Fset, f)
				break
			}
		}
		if r.nolint == nil {
			r.nolint = make(map[*token.File]*nolint.File)
		}
		r.nolint[tf] = nf
	}
	_, ok = nf.Match(tf.Line(pos), r.pass.Analyzer.Name)
	return ok
}

// scope names the top-level declaration pos lies in: a method's receiver
// base type, or a function (by its position, since init may repeat).
// Outside a function it returns "", and the site is not grouped.
func (r *Reporter) scope(pos token.Pos) (key, name string) {
	for _, f := range r.pass.Files {
		if pos < f.FileStart || pos >= f.FileEnd {
			continue
		}
		i := sort.Search(len(f.Decls), func(i int) bool { return f.Decls[i].End() > pos })
		if i == len(f.Decls) || f.Decls[i].Pos() > pos {
			return "", ""
		}
		fd, ok := f.Decls[i].(*ast.FuncDecl)
		if !ok {
			return "", ""
		}
		test := ""
		if tf := r.pass.Fset.File(pos); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			test = " test"
		}
		if base := receiverBase(r.pass.TypesInfo, fd); base != "" {
			return "type " + base + test, "the methods of " + base
		}
		return fmt.Sprintf("func %d", fd.Pos()), fd.Name.Name
	}
	return "", ""
}

// receiverBase returns the name of the base type of fd's receiver (T for
// T, *T, T[P] and *T[P]), or "" for a function.
func receiverBase(info *types.Info, fd *ast.FuncDecl) string {
	if fd.Recv == nil || info == nil {
		return ""
	}
	fn, _ := info.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return ""
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return ""
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if named, ok := types.Unalias(t).(*types.Named); ok {
		return named.Obj().Name()
	}
	return ""
}
