package nolint_test

import (
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/driver/nolint"
)

// TestParse checks the forms golangci-lint v2's nolint filter accepts
// (pkg/result/processors/nolint_filter.go: leading slashes and spaces
// trimmed, then "nolint" and a space, a colon or nothing; names split on
// commas, trimmed, lower-cased; "//" starts another comment).
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		comment string
		ok      bool
		names   []string
		reason  string
	}{
		{"//nolint", true, nil, ""},
		{"//nolint // local sidecar", true, nil, "local sidecar"},
		{"//nolint:httpclienttimeout", true, []string{"httpclienttimeout"}, ""},
		{"//nolint:httpclienttimeout,dialtimeout // bounded by ctx", true, []string{"httpclienttimeout", "dialtimeout"}, "bounded by ctx"},
		{"//nolint:nines\t//reason with tab", true, []string{"nines"}, "reason with tab"},
		{"//nolint:a,,b", true, []string{"a", "b"}, ""},
		{"// nolint:a", true, []string{"a"}, ""},
		{"//  nolint:a // because", true, []string{"a"}, "because"},
		{"///nolint:a", true, []string{"a"}, ""},
		{"//nolint: a", true, []string{"a"}, ""},
		{"//nolint:a, b", true, []string{"a", "b"}, ""},
		{"//nolint:HTTPClientTimeout", true, []string{"httpclienttimeout"}, ""},
		{"//nolint:all", true, nil, ""},
		{"//nolint:dialtimeout,all // everything", true, nil, "everything"},
		{"// nolint", true, nil, ""},
		{"//nolint :a", true, nil, ""}, // no colon right after nolint: every linter, as golangci-lint reads it
		{"//nolint:a reason without slashes", true, []string{"a reason without slashes"}, ""},
		{"//nolintfoo", false, nil, ""},
		{"//NOLINT:a", false, nil, ""},
		{"//nolint:", false, nil, ""},
		{"// just a comment", false, nil, ""},
		{"/* nolint */", false, nil, ""},
		{"/*nolint:a*/", false, nil, ""},
	} {
		d, ok := nolint.Parse(tc.comment)
		assert.Equal(t, tc.ok, ok, tc.comment)
		assert.Equal(t, tc.names, d.Names, tc.comment)
		assert.Equal(t, tc.reason, d.Reason, tc.comment)
	}
}

func TestCovers(t *testing.T) {
	all, _ := nolint.Parse("//nolint")
	nines, _ := nolint.Parse("//nolint:nines")
	golangciAll, _ := nolint.Parse("//nolint:all")
	two, _ := nolint.Parse("//nolint:servertimeout,dialtimeout")
	for _, d := range []nolint.Directive{all, nines, golangciAll} {
		assert.True(t, d.Covers("httpclienttimeout"))
	}
	assert.True(t, two.Covers("dialtimeout"))
	assert.True(t, two.Covers("servertimeout"))
	assert.False(t, two.Covers("httpclienttimeout"))
	assert.False(t, two.Covers("dial"), "names match whole")
	assert.True(t, two.Covers("DialTimeout"), "names match without regard to case")
}

const src = `package p

import "net/http"

func f(u string) {
	http.Get(u) //nolint:httpclienttimeout // sidecar on localhost
	http.Get(u) //nolint:servertimeout

	//nolint:nines
	http.Get(u)

	http.Get(u)
	s := "//nolint"
	_ = s
	/* //nolint */ http.Get(u)
}
`

func TestScanAndMatch(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	require.NoError(t, err)
	nf := nolint.Scan(fset, f)
	d, ok := nf.Match(6, "httpclienttimeout")
	require.True(t, ok, "directive on the reported line")
	assert.Equal(t, "sidecar on localhost", d.Reason)
	assert.Equal(t, 6, d.Line)

	_, ok = nf.Match(7, "httpclienttimeout")
	assert.False(t, ok, "a directive after code on line 6 covers line 6 only; line 7's names another analyzer")
	_, ok = nf.Match(7, "servertimeout")
	assert.True(t, ok)
	_, ok = nf.Match(8, "servertimeout")
	assert.False(t, ok, "line 7's directive trails code")

	d, ok = nf.Match(10, "ctxdeadline")
	require.True(t, ok, "directive on the line above")
	assert.Equal(t, 9, d.Line)
	assert.Empty(t, d.Reason)

	_, ok = nf.Match(12, "httpclienttimeout")
	assert.False(t, ok, "two lines below a directive is not covered")
	_, ok = nf.Match(14, "httpclienttimeout")
	assert.False(t, ok, "a //nolint inside a string is no directive")
	lines := func(ds []nolint.Directive) []int {
		var l []int
		for _, d := range ds {
			l = append(l, d.Line)
		}
		return l
	}
	// The /* //nolint */ comment is a block comment, not a directive.
	assert.Equal(t, []int{6, 7, 9}, lines(nolint.Scan(fset, f).Directives()))
	var spans [][2]int
	for _, d := range nf.Directives() {
		spans = append(spans, [2]int{d.From, d.To})
	}
	assert.Equal(t, [][2]int{{6, 6}, {7, 7}, {9, 10}}, spans, "trailing directives cover their line, the one above a statement the statement")

	var none *nolint.File
	_, ok = none.Match(1, "x")
	assert.False(t, ok, "a nil File matches nothing")
}

func TestTrailingAfterBraces(t *testing.T) {
	const src = `package p

func g() { //nolint:x
	call()
	if true {
		call()
	} //nolint:x
	call()
	s := []int{
		//nolint:x
		1,
		2, //nolint:x
		3,
	}
	_ = s
}

func call() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	require.NoError(t, err)
	nf := nolint.Scan(fset, f)
	covered := func(line int) bool { _, ok := nf.Match(line, "x"); return ok }
	assert.True(t, covered(3))
	assert.False(t, covered(4), "a directive after an opening brace trails code")
	assert.True(t, covered(7))
	assert.False(t, covered(8), "a directive after a closing brace trails code")
	assert.True(t, covered(11), "a directive on a line of its own covers the next line")
	assert.True(t, covered(12))
	assert.False(t, covered(13))
}

// TestScopes checks the ranges golangci-lint gives a directive (its nolint
// filter and the false-positives page of its documentation): a directive
// above a declaration, a function, a multi-line statement or the package
// clause covers all of it; one whose column differs from the code below, or
// separated from it by a blank line, covers its own lines only.
func TestScopes(t *testing.T) {
	const src = `//nolint:a // the whole file
package p

//nolint:b
func whole() {
	call()
	call()
}

func parts() {
	//nolint:c
	call(1,
		2)
	call(3)

	//nolint:d

	call(4)
		//nolint:e
	call(5)
	// Doc comment of the block below.
	//nolint:f
	var (
		x = 1
		y = 2
	)
	_, _ = x, y
}

func call(...int) {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	require.NoError(t, err)
	nf := nolint.Scan(fset, f)
	covered := func(line int, name string) bool { _, ok := nf.Match(line, name); return ok }
	for line := 1; line <= 30; line++ {
		assert.True(t, covered(line, "a"), "the directive above the package clause covers line %d", line)
	}
	for line := 4; line <= 8; line++ {
		assert.True(t, covered(line, "b"), "the directive above func whole covers line %d", line)
	}
	assert.False(t, covered(9, "b"))
	assert.False(t, covered(12, "b"), "another function")
	assert.True(t, covered(12, "c"))
	assert.True(t, covered(13, "c"), "the call's second line")
	assert.False(t, covered(14, "c"), "the next statement")
	assert.False(t, covered(18, "d"), "a blank line separates the directive from the code")
	assert.False(t, covered(20, "e"), "the directive is not in the code's column")
	assert.True(t, covered(23, "f"), "a directive at the end of a doc comment covers what the comment documents")
	assert.True(t, covered(25, "f"))
	assert.False(t, covered(27, "f"))
}
