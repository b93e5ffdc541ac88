// Package nolint reads //nolint comments, the suppression syntax nines shares
// with golangci-lint and Bazel nogo:
//
//	resp, err := http.Get(u) //nolint:httpclienttimeout // u is a local sidecar
//
//	//nolint:nines // the whole block is bounded by the caller's context
//	conn, err := net.Dial("tcp", addr)
//
// A directive names analyzers after a colon (a comma-separated list), or
// "nines" (or "all") for every analyzer; a bare //nolint silences every
// analyzer. A directive after code on a line applies to findings on that
// line; a directive on a line of its own applies to that line and the line
// below. An optional "// reason" after it is kept as the justification.
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

// Directive is one parsed //nolint comment.
type Directive struct {
	Line int // line of the comment
	// Trailing is set when code precedes the directive on its line: it
	// then covers that line only, not the line below.
	Trailing bool
	Names    []string // analyzers it silences; nil means every analyzer
	Reason   string   // text after "//" following the directive, if any
}

// Covers reports whether the directive silences analyzer.
func (d Directive) Covers(analyzer string) bool {
	if d.Names == nil {
		return true
	}
	for _, n := range d.Names {
		if n == analyzer || n == "nines" || n == "all" {
			return true
		}
	}
	return false
}

// Parse parses the text of one comment, "//" included. It reports false
// when the comment is not a nolint directive: a directive has no space
// between "//" and "nolint", like every Go directive.
func Parse(comment string) (Directive, bool) {
	rest, ok := strings.CutPrefix(comment, "//nolint")
	if !ok {
		return Directive{}, false
	}
	var d Directive
	if list, ok := strings.CutPrefix(rest, ":"); ok {
		end := strings.IndexFunc(list, isSpace)
		if end < 0 {
			end = len(list)
		}
		for _, n := range strings.Split(list[:end], ",") {
			if n = strings.TrimSpace(n); n != "" {
				d.Names = append(d.Names, n)
			}
		}
		if d.Names == nil {
			return Directive{}, false // "//nolint:" names nothing
		}
		rest = list[end:]
	} else if rest != "" && !isSpace(rune(rest[0])) {
		return Directive{}, false // e.g. //nolintfoo
	}
	rest = strings.TrimSpace(rest)
	rest = strings.TrimPrefix(rest, "//")
	d.Reason = strings.TrimSpace(rest)
	return d, true
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' }

// File holds the directives of one source file, by line.
type File struct {
	byLine map[int][]Directive
}

// Scan collects the directives in the comments of f.
func Scan(fset *token.FileSet, f *ast.File) *File {
	nf := &File{}
	var codeStart map[int]token.Pos // by line, where its first code token starts
	for _, group := range f.Comments {
		for _, c := range group.List {
			d, ok := Parse(c.Text)
			if !ok {
				continue
			}
			if codeStart == nil {
				codeStart = lineStarts(fset, f)
			}
			d.Line = fset.PositionFor(c.Slash, false).Line
			start, ok := codeStart[d.Line]
			d.Trailing = ok && start < c.Slash
			nf.add(d)
		}
	}
	return nf
}

// lineStarts maps each line holding code to the position of its first
// token, or near enough: the earliest start or end of a syntax node on it.
func lineStarts(fset *token.FileSet, f *ast.File) map[int]token.Pos {
	m := make(map[int]token.Pos)
	note := func(p token.Pos) {
		if !p.IsValid() {
			return
		}
		line := fset.PositionFor(p, false).Line
		if old, ok := m[line]; !ok || p < old {
			m[line] = p
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil:
			return false
		case *ast.CommentGroup, *ast.Comment:
			return false
		}
		note(n.Pos())
		note(n.End() - 1)
		return true
	})
	return m
}

func (f *File) add(d Directive) {
	if f.byLine == nil {
		f.byLine = make(map[int][]Directive)
	}
	f.byLine[d.Line] = append(f.byLine[d.Line], d)
}

// Match returns the directive that silences analyzer's finding on line:
// one on that line, else one on a line of its own just above.
func (f *File) Match(line int, analyzer string) (Directive, bool) {
	if f == nil {
		return Directive{}, false
	}
	for _, d := range f.byLine[line] {
		if d.Covers(analyzer) {
			return d, true
		}
	}
	for _, d := range f.byLine[line-1] {
		if !d.Trailing && d.Covers(analyzer) {
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
	lines := make([]int, 0, len(f.byLine))
	for l := range f.byLine {
		lines = append(lines, l)
	}
	slices.Sort(lines)
	var out []Directive
	for _, l := range lines {
		out = append(out, f.byLine[l]...)
	}
	return out
}
