package fixes_test

import (
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/analysis/fixes"
)

type checked struct {
	fset *token.FileSet
	file *ast.File
	pkg  *types.Package
	info *types.Info
}

func check(t *testing.T, src string) *checked {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	require.NoError(t, err)
	info := &types.Info{
		Types:     map[ast.Expr]types.TypeAndValue{},
		Defs:      map[*ast.Ident]types.Object{},
		Uses:      map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{},
	}
	// Unused imports are type errors; they do not matter here.
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	pkg, _ := conf.Check("example.com/p", fset, []*ast.File{f}, info)
	return &checked{fset, f, pkg, info}
}

// apply applies edits to src, last first so offsets stay valid.
func apply(t *testing.T, fset *token.FileSet, src string, edits []analysis.TextEdit) string {
	t.Helper()
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b analysis.TextEdit) int { return int(b.Pos - a.Pos) })
	for _, e := range edits {
		start, end := fset.Position(e.Pos).Offset, fset.Position(e.End).Offset
		src = src[:start] + string(e.NewText) + src[end:]
	}
	return src
}

func firstLit(f *ast.File) *ast.CompositeLit {
	var lit *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if l, ok := n.(*ast.CompositeLit); ok && lit == nil {
			lit = l
		}
		return lit == nil
	})
	return lit
}

func TestInsertField(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{
			name: "empty",
			src:  "package p\n\nvar _ = T{}\n",
			want: "package p\n\nvar _ = T{X: 1}\n",
		},
		{
			name: "one line",
			src:  "package p\n\nvar _ = &T{A: a}\n",
			want: "package p\n\nvar _ = &T{A: a, X: 1}\n",
		},
		{
			name: "one line trailing comma",
			src:  "package p\n\nvar _ = T{A: a,}\n",
			want: "package p\n\nvar _ = T{A: a, X: 1,}\n",
		},
		{
			name: "multi line",
			src:  "package p\n\nfunc f() {\n\tc := &T{\n\t\tA: a, // why\n\t}\n}\n",
			want: "package p\n\nfunc f() {\n\tc := &T{\n\t\tA: a, // why\n\t\tX: 1,\n\t}\n}\n",
		},
		{
			name: "empty multi line",
			src:  "package p\n\nfunc f() {\n\tc := T{\n\t}\n}\n",
			want: "package p\n\nfunc f() {\n\tc := T{\n\t\tX: 1,\n\t}\n}\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", tc.src, parser.ParseComments)
			require.NoError(t, err)
			edit, ok := fixes.InsertField(fset, firstLit(f), "X", "1")
			require.True(t, ok)
			got := apply(t, fset, tc.src, []analysis.TextEdit{edit})
			assert.Equal(t, tc.want, got)
			_, err = parser.ParseFile(token.NewFileSet(), "p.go", got, 0)
			assert.NoError(t, err, "the fixed source must parse")
		})
	}

	t.Run("positional", func(t *testing.T) {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", "package p\n\nvar _ = T{1, 2}\n", 0)
		require.NoError(t, err)
		_, ok := fixes.InsertField(fset, firstLit(f), "X", "1")
		assert.False(t, ok, "a keyed field cannot join a positional literal")
	})
}

func TestImport(t *testing.T) {
	const use = "\nfunc f() { _ = 1 }\n"
	for _, tc := range []struct {
		name, src, wantName, want string
		ok                        bool
	}{
		{
			name: "already imported", ok: true, wantName: "time",
			src:  "package p\n\nimport \"time\"\n\nvar _ = time.Second\n" + use,
			want: "package p\n\nimport \"time\"\n\nvar _ = time.Second\n" + use,
		},
		{
			name: "renamed", ok: true, wantName: "stdtime",
			src:  "package p\n\nimport stdtime \"time\"\n\nvar _ = stdtime.Second\n" + use,
			want: "package p\n\nimport stdtime \"time\"\n\nvar _ = stdtime.Second\n" + use,
		},
		{
			name: "no imports", ok: true, wantName: "time",
			src:  "package p\n" + use,
			want: "package p\n\nimport \"time\"\n" + use,
		},
		{
			name: "single import", ok: true, wantName: "time",
			src:  "package p\n\nimport \"fmt\"\n" + use,
			want: "package p\n\nimport \"fmt\"\nimport \"time\"\n" + use,
		},
		{
			name: "sorted into block", ok: true, wantName: "time",
			src:  "package p\n\nimport (\n\t\"fmt\"\n\t\"unicode\"\n\n\t\"example.com/x\"\n)\n" + use,
			want: "package p\n\nimport (\n\t\"fmt\"\n\t\"time\"\n\t\"unicode\"\n\n\t\"example.com/x\"\n)\n" + use,
		},
		{
			name: "after last std", ok: true, wantName: "time",
			src:  "package p\n\nimport (\n\t\"fmt\" // printing\n\t\"net/http\"\n\n\t\"example.com/x\"\n)\n" + use,
			want: "package p\n\nimport (\n\t\"fmt\" // printing\n\t\"net/http\"\n\t\"time\"\n\n\t\"example.com/x\"\n)\n" + use,
		},
		{
			name: "third party only", ok: true, wantName: "time",
			src:  "package p\n\nimport (\n\t\"example.com/x\"\n)\n" + use,
			want: "package p\n\nimport (\n\t\"time\"\n\n\t\"example.com/x\"\n)\n" + use,
		},
		{
			name: "blank import", ok: true, wantName: "time",
			src:  "package p\n\nimport (\n\t_ \"time\"\n)\n" + use,
			want: "package p\n\nimport (\n\t\"time\"\n\t_ \"time\"\n)\n" + use,
		},
		{
			name: "shadowed", ok: false,
			src: "package p\n\nimport \"time\"\n\nfunc g(time int) {\n\t_ = 1 // here\n}\n",
		},
		{
			name: "name taken by a declaration", ok: false,
			src: "package p\n\nvar time = 3\n\nfunc g() {\n\t_ = 1 // here\n}\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := check(t, tc.src)
			// Ask about the position of the last "_ = 1".
			pos := c.file.FileStart + token.Pos(strings.LastIndex(tc.src, "_ = 1"))
			name, edits, ok := fixes.Import(c.fset, c.pkg, c.info, c.file, pos, "time", "time")
			require.Equal(t, tc.ok, ok)
			if !ok {
				return
			}
			assert.Equal(t, tc.wantName, name)
			got := apply(t, c.fset, tc.src, edits)
			assert.Equal(t, tc.want, got)
			formatted, err := format.Source([]byte(got))
			require.NoError(t, err)
			assert.Equal(t, got, string(formatted), "the edit must leave gofmt'd code gofmt'd")
		})
	}
}
