package findings_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/driver/findings"
)

const mainSrc = `package p

func f() {
	wait()
	wait() //nolint:waiter // bounded by the caller
	//nolint:other
	wait()
	//nolint
	wait()
}

func wait() {}
`

const testSrc = `package p

func g() { wait() }
`

// parse returns the files and the position of every call of wait.
func parse(t *testing.T) (*token.FileSet, []*ast.File, []token.Pos) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	var calls []token.Pos
	for _, f := range []struct{ name, src string }{{"/m/p.go", mainSrc}, {"/m/p_test.go", testSrc}} {
		af, err := parser.ParseFile(fset, f.name, f.src, parser.ParseComments)
		require.NoError(t, err)
		files = append(files, af)
		ast.Inspect(af, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				calls = append(calls, c.Pos())
			}
			return true
		})
	}
	return fset, files, calls
}

func diag(pos token.Pos, msg string) analysis.Diagnostic {
	return analysis.Diagnostic{Pos: pos, End: pos + 4, Message: msg}
}

type row struct {
	Line       int
	Analyzer   string
	Suppressed bool
	Reason     string
}

func rows(fs []findings.Finding) []row {
	var out []row
	for _, f := range fs {
		out = append(out, row{f.Posn.Line, f.Analyzer, f.Suppressed, f.Justification})
	}
	return out
}

func TestCollect(t *testing.T) {
	fset, files, calls := parse(t)
	// Reported out of order, by two analyzers, the first finding also by
	// the package's test variant.
	units := []findings.Unit{
		{PackageID: "p [p.test]", Analyzer: "waiter", Fset: fset, Files: files, Diagnostics: []analysis.Diagnostic{diag(calls[0], "waits")}},
		{PackageID: "p", Analyzer: "waiter", Fset: fset, Files: files[:1], Diagnostics: []analysis.Diagnostic{
			diag(calls[3], "waits"), diag(calls[2], "waits"), diag(calls[1], "waits"), diag(calls[0], "waits"),
		}},
		{PackageID: "p", Analyzer: "aaa", Fset: fset, Files: files[:1], Diagnostics: []analysis.Diagnostic{diag(calls[0], "also")}},
		{PackageID: "p [p.test]", Analyzer: "waiter", Fset: fset, Files: files, Diagnostics: []analysis.Diagnostic{diag(calls[4], "in a test")}},
	}
	got := findings.Collect(units, findings.Options{})
	assert.Equal(t, []row{
		{4, "aaa", false, ""},
		{4, "waiter", false, ""},
		{5, "waiter", true, "bounded by the caller"},
		{7, "waiter", false, ""}, // the directive above names another analyzer
		{9, "waiter", true, ""},
	}, rows(got))
	assert.Equal(t, "p", got[1].PackageID, "a duplicate is kept under the ID that sorts first")
	assert.Equal(t, "/m/p.go", got[0].Posn.Filename)
	assert.Equal(t, 4, got[0].End.Column-got[0].Posn.Column)

	assert.Equal(t, []row{{4, "aaa", false, ""}, {4, "waiter", false, ""}, {7, "waiter", false, ""}},
		rows(findings.Reported(got)))

	withTests := findings.Collect(units, findings.Options{Tests: true})
	require.Len(t, withTests, 6)
	assert.Equal(t, "/m/p_test.go", withTests[5].Posn.Filename)
	assert.Equal(t, "in a test", withTests[5].Message)

	assert.Empty(t, findings.Collect(nil, findings.Options{}))
}

func TestCollectResolvesFixes(t *testing.T) {
	fset, files, calls := parse(t)
	d := diag(calls[0], "waits")
	d.SuggestedFixes = []analysis.SuggestedFix{{
		Message:   "call it with a bound",
		TextEdits: []analysis.TextEdit{{Pos: calls[0], End: calls[0] + 4, NewText: []byte("waitFor")}},
	}}
	got := findings.Collect([]findings.Unit{{PackageID: "p", Analyzer: "waiter", Fset: fset, Files: files, Diagnostics: []analysis.Diagnostic{d}}}, findings.Options{})
	require.Len(t, got, 1)
	require.Len(t, got[0].Fixes, 1)
	e := got[0].Fixes[0].Edits[0]
	assert.Equal(t, "/m/p.go", e.Filename)
	assert.Equal(t, "wait", mainSrc[e.Start:e.End])
	assert.Equal(t, "waitFor", e.New)
}

func TestApplyFixes(t *testing.T) {
	src := map[string]string{
		"/m/a.go": "package a\n\nfunc f() {\n\twait()\n\twait()\n\twait()\n}\n",
	}
	read := func(name string) ([]byte, error) { return []byte(src[name]), nil }
	at := func(line int) int { // offset of "wait" on a line, after the tab
		off := 0
		for l := 1; l < line; l++ {
			off += strings.Index(src["/m/a.go"][off:], "\n") + 1
		}
		return off + 1
	}
	finding := func(line int, edits ...findings.Edit) findings.Finding {
		return findings.Finding{Analyzer: "waiter", Posn: token.Position{Filename: "/m/a.go", Line: line}, Message: "waits",
			Fixes: []findings.Fix{{Message: "bound it", Edits: edits}}}
	}
	importEdit := findings.Edit{Filename: "/m/a.go", Start: 11, End: 11, New: "import \"time\"\n\n"}
	fs := []findings.Finding{
		finding(4, findings.Edit{Filename: "/m/a.go", Start: at(4), End: at(4) + 6, New: "waitFor(time.Second)"}, importEdit),
		finding(5, findings.Edit{Filename: "/m/a.go", Start: at(5), End: at(5) + 6, New: "waitFor(time.Second)"}, importEdit),
		// Overlaps the fix of line 5: left for the next run.
		finding(5, findings.Edit{Filename: "/m/a.go", Start: at(5) + 4, End: at(5) + 6, New: "(1)"}),
		{Analyzer: "waiter", Posn: token.Position{Filename: "/m/a.go", Line: 6}, Suppressed: true,
			Fixes: []findings.Fix{{Edits: []findings.Edit{{Filename: "/m/a.go", Start: at(6), End: at(6) + 6, New: "nope()"}}}}},
		{Analyzer: "waiter", Posn: token.Position{Filename: "/m/a.go", Line: 6}, Message: "no fix"},
	}
	res, err := findings.ApplyFixes(fs, findings.FixOptions{ReadFile: read})
	require.NoError(t, err)
	assert.Equal(t, "package a\n\nimport \"time\"\n\nfunc f() {\n\twaitFor(time.Second)\n\twaitFor(time.Second)\n\twait()\n}\n",
		string(res.Files["/m/a.go"]), "identical import edits are applied once; suppressed findings are not fixed")
	assert.Len(t, res.Fixed, 2)
	require.Len(t, res.Conflicts, 1)
	assert.Equal(t, "(1)", res.Conflicts[0].Fixes[0].Edits[0].New)

	_, err = findings.ApplyFixes([]findings.Finding{finding(1, findings.Edit{Filename: "/m/a.go", Start: 5, End: 500})}, findings.FixOptions{ReadFile: read})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "out of range")
}

func TestApplyFixesRefuses(t *testing.T) {
	src := map[string]string{
		"/m/a.go":     "package a\n\nfunc f() {\n\twait()\n}\n",
		"/m/b.go":     "package a\n\nfunc g() {\n\twait()\n}\n",
		"/m/gen.go":   "// Code generated by stringer; DO NOT EDIT.\n\npackage a\n\nfunc h() {\n\twait()\n}\n",
		"/cache/c.go": "package a\n\nfunc i() {\n\twait()\n}\n",
	}
	read := func(name string) ([]byte, error) { return []byte(src[name]), nil }
	fix := func(name string, line int, edits ...findings.Edit) findings.Finding {
		return findings.Finding{Analyzer: "waiter", Posn: token.Position{Filename: name, Line: line}, Message: "waits",
			Fixes: []findings.Fix{{Message: "bound it", Edits: edits}}}
	}
	at := func(name string) int { return strings.Index(src[name], "wait()") }
	fs := []findings.Finding{
		// Would leave a.go unparsable; its edit of b.go goes with it.
		fix("/m/a.go", 4, findings.Edit{Filename: "/m/a.go", Start: at("/m/a.go"), End: at("/m/a.go") + 6, New: "wait(}"},
			findings.Edit{Filename: "/m/b.go", Start: 0, End: 0, New: "// touched\n"}),
		fix("/m/b.go", 4, findings.Edit{Filename: "/m/b.go", Start: at("/m/b.go"), End: at("/m/b.go") + 6, New: "waitFor(1)"}),
		fix("/m/gen.go", 6, findings.Edit{Filename: "/m/gen.go", Start: at("/m/gen.go"), End: at("/m/gen.go") + 6, New: "waitFor(1)"}),
		fix("/cache/c.go", 4, findings.Edit{Filename: "/cache/c.go", Start: at("/cache/c.go"), End: at("/cache/c.go") + 6, New: "waitFor(1)"}),
	}
	editable := func(name string) string {
		if strings.HasPrefix(name, "/cache/") {
			return "in the build cache"
		}
		return ""
	}
	res, err := findings.ApplyFixes(fs, findings.FixOptions{ReadFile: read, Editable: editable})
	require.NoError(t, err)
	assert.Equal(t, []string{"/m/b.go"}, slices.Sorted(maps.Keys(res.Files)), "only the file whose own fix parses is written")
	assert.Equal(t, "package a\n\nfunc g() {\n\twaitFor(1)\n}\n", string(res.Files["/m/b.go"]), "without the refused fix's edit")
	require.Len(t, res.Fixed, 1)
	assert.Equal(t, "/m/b.go", res.Fixed[0].Posn.Filename)
	var why []string
	for _, r := range res.Refused {
		why = append(why, r.Finding.Posn.Filename+": "+r.Reason)
	}
	require.Len(t, why, 3)
	assert.Equal(t, "/cache/c.go: in the build cache", why[0])
	assert.True(t, strings.HasPrefix(why[1], "/m/a.go: the fixed file would not parse: "), why[1])
	assert.Equal(t, "/m/gen.go: a generated file", why[2])
}

func TestApplyFixesKeepsTheRest(t *testing.T) {
	// Not gofmt'd: the misaligned comment and the spacing stay as they are.
	const loose = "package a\n\nfunc f() {\n\tx :=  1 // one\n\twait()\n\t_ = x\n}\n"
	const crlf = "package a\r\n\r\nfunc f() {\r\n\twait()\r\n}\r\n"
	src := map[string]string{"/m/loose.go": loose, "/m/crlf.go": crlf}
	read := func(name string) ([]byte, error) { return []byte(src[name]), nil }
	at := func(name string) int { return strings.Index(src[name], "wait()") }
	fs := []findings.Finding{
		{Analyzer: "waiter", Posn: token.Position{Filename: "/m/crlf.go", Line: 4}, Fixes: []findings.Fix{{Edits: []findings.Edit{
			{Filename: "/m/crlf.go", Start: at("/m/crlf.go"), End: at("/m/crlf.go") + 6, New: "waitFor(\n\t\t1,\n\t)"}}}}},
		{Analyzer: "waiter", Posn: token.Position{Filename: "/m/loose.go", Line: 5}, Fixes: []findings.Fix{{Edits: []findings.Edit{
			{Filename: "/m/loose.go", Start: at("/m/loose.go"), End: at("/m/loose.go") + 6, New: "waitFor(1)"}}}}},
	}
	res, err := findings.ApplyFixes(fs, findings.FixOptions{ReadFile: read})
	require.NoError(t, err)
	assert.Equal(t, "package a\r\n\r\nfunc f() {\r\n\twaitFor(\r\n\t\t1,\r\n\t)\r\n}\r\n", string(res.Files["/m/crlf.go"]), "CRLF stays CRLF")
	assert.Equal(t, strings.Replace(loose, "wait()", "waitFor(1)", 1), string(res.Files["/m/loose.go"]), "only the edited range changes")
}

// waiter reports every call of wait.
var waiter = &analysis.Analyzer{
	Name: "waiter",
	Doc:  "waiter: report calls of wait",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					pass.Reportf(c.Pos(), "waits")
				}
				return true
			})
		}
		return "result", nil
	},
}

func TestWrap(t *testing.T) {
	fset, files, _ := parse(t)
	run := func(opts *findings.Options) []int {
		var lines []int
		pass := &analysis.Pass{
			Analyzer: waiter,
			Fset:     fset,
			Files:    files,
			Report:   func(d analysis.Diagnostic) { lines = append(lines, fset.Position(d.Pos).Line) },
		}
		w := findings.Wrap(waiter, opts)
		assert.Equal(t, "waiter", w.Name)
		res, err := w.Run(pass)
		require.NoError(t, err)
		assert.Equal(t, "result", res, "the analyzer's result passes through")
		return lines
	}
	opts := &findings.Options{}
	assert.Equal(t, []int{4, 7}, run(opts), "nolint'd findings and test files are dropped")
	opts.Tests = true
	assert.Equal(t, []int{4, 7, 3}, run(opts), "options are read when the pass runs")
}

func TestCollectLineDirectives(t *testing.T) {
	// A generated file maps its lines to the template with //line: the
	// finding shows the template's position, the directive is matched in
	// the file itself.
	const src = `package p

func f() {
//line template.tmpl:100
	wait() //nolint:waiter // generated, bounded elsewhere
	wait()
}

func wait() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "/m/gen.go", src, parser.ParseComments)
	require.NoError(t, err)
	var calls []token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			calls = append(calls, c.Pos())
		}
		return true
	})
	got := findings.Collect([]findings.Unit{{PackageID: "p", Analyzer: "waiter", Fset: fset, Files: []*ast.File{f},
		Diagnostics: []analysis.Diagnostic{diag(calls[0], "waits"), diag(calls[1], "waits")}}}, findings.Options{})
	require.Len(t, got, 2)
	assert.Equal(t, "/m/template.tmpl", got[0].Posn.Filename)
	assert.Equal(t, 100, got[0].Posn.Line)
	assert.True(t, got[0].Suppressed)
	assert.Equal(t, 101, got[1].Posn.Line)
	assert.False(t, got[1].Suppressed)
}
