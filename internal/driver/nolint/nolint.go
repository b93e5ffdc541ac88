// Package nolint reads //nolint comments, the suppression syntax nines shares
// with golangci-lint and Bazel nogo, and applies them as golangci-lint v2
// does (pkg/result/processors/nolint_filter.go there):
//
//	resp, err := http.Get(u) //nolint:httpclienttimeout // u is a local sidecar
//
//	//nolint:nines // the whole block is bounded by the caller's context
//	conn, err := net.Dial("tcp", addr)
//
// A comment is a directive when, with its leading slashes and spaces
// removed, it starts with "nolint" followed by a space, a colon or nothing:
// "//nolint", "// nolint" and "//  nolint:x" are directives, "//nolintx" and
// "/* nolint */" are not. After "nolint:" comes a comma-separated list of
// analyzer names, each trimmed and matched without regard to case, up to an
// optional "//" that starts the reason; "nines" or "all" names every
// analyzer, and a directive without a colon silences every analyzer.
//
// A directive covers the lines of its comment group. When the group ends on
// the line above a piece of syntax that starts in the group's column (a
// statement, a declaration, a function, an element of a list), it covers
// that syntax to its last line: a //nolint above a func silences the whole
// function, one above a multi-line call the whole call. A directive after
// code on a line covers that line only.
//
// The package is pure (no file system) so the playground shares it with the
// command line.
package nolint

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// Directive is one parsed //nolint comment and the lines it covers.
type Directive struct {
	Line     int      // line of the comment
	From, To int      // the lines it covers, inclusive (set by Scan)
	Names    []string // analyzers it silences, lower case; nil means every analyzer
	Reason   string   // text after "//" following the directive, if any
}

// Covers reports whether the directive silences analyzer.
func (d Directive) Covers(analyzer string) bool {
	if d.Names == nil {
		return true
	}
	analyzer = strings.ToLower(analyzer)
	for _, n := range d.Names {
		if n == analyzer || n == "nines" {
			return true
		}
	}
	return false
}

// Parse parses the text of one comment, "//" included. It reports false
// when the comment is not a nolint directive.
func Parse(comment string) (Directive, bool) {
	if !strings.HasPrefix(comment, "//") {
		return Directive{}, false // a /* block */ comment
	}
	text := strings.TrimLeft(comment, "/ ")
	rest, ok := strings.CutPrefix(text, "nolint")
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != ':') {
		return Directive{}, false // e.g. //nolintfoo, //nolint\tx
	}
	var d Directive
	list, named := strings.CutPrefix(rest, ":")
	if !named {
		d.Reason = reason(rest)
		return d, true
	}
	list, after, _ := strings.Cut(list, "//")
	d.Reason = strings.TrimSpace(after)
	for n := range strings.SplitSeq(list, ",") {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "all" {
			return Directive{Reason: d.Reason}, true
		}
		if n != "" {
			d.Names = append(d.Names, n)
		}
	}
	if d.Names == nil {
		return Directive{}, false // "//nolint:" names nothing
	}
	return d, true
}

// reason returns the text after the "//" that follows a bare directive.
func reason(rest string) string {
	_, after, ok := strings.Cut(rest, "//")
	if !ok {
		return ""
	}
	return strings.TrimSpace(after)
}

// File holds the directives of one source file.
type File struct {
	directives []Directive // in the order of their comments
}

// Scan collects the directives in the comments of f and the lines each
// covers.
func Scan(fset *token.FileSet, f *ast.File) *File {
	nf := &File{}
	type group struct {
		first, end int // its directives are nf.directives[first:end]
		column     int // where the group starts
	}
	var groups []group
	byEnd := make(map[int][]int) // last line of a group -> indexes into groups
	for _, g := range f.Comments {
		from := fset.PositionFor(g.Pos(), false)
		to := fset.PositionFor(g.End(), false).Line
		first := len(nf.directives)
		for _, c := range g.List {
			d, ok := Parse(c.Text)
			if !ok {
				continue
			}
			d.Line = fset.PositionFor(c.Slash, false).Line
			d.From, d.To = from.Line, to
			nf.directives = append(nf.directives, d)
		}
		if len(nf.directives) > first {
			byEnd[to] = append(byEnd[to], len(groups))
			groups = append(groups, group{first: first, end: len(nf.directives), column: from.Column})
		}
	}
	if len(groups) == 0 {
		return nf
	}
	// Widen a group's directives to the syntax that starts in its column on
	// the line below it. ast.Inspect meets the outermost such node first.
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil, *ast.CommentGroup, *ast.Comment:
			return false
		}
		start := fset.PositionFor(n.Pos(), false)
		for _, gi := range byEnd[start.Line-1] {
			if groups[gi].column != start.Column {
				continue
			}
			end := fset.PositionFor(n.End(), false).Line
			for i := groups[gi].first; i < groups[gi].end; i++ {
				nf.directives[i].To = max(nf.directives[i].To, end)
			}
		}
		return true
	})
	return nf
}

// Match returns the directive that silences analyzer's finding on line.
func (f *File) Match(line int, analyzer string) (Directive, bool) {
	if f == nil {
		return Directive{}, false
	}
	for _, d := range f.directives {
		if d.From <= line && line <= d.To && d.Covers(analyzer) {
			return d, true
		}
	}
	return Directive{}, false
}

// Directives returns every directive of the file, in line order.
func (f *File) Directives() []Directive {
	if f == nil {
		return nil
	}
	return slices.Clone(f.directives)
}
