package findings

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strings"
)

// FixResult says what ApplyFixes did.
type FixResult struct {
	// Files maps each changed file to its new content.
	Files map[string][]byte
	// Fixed are the findings whose first fix was applied.
	Fixed []Finding
	// Conflicts are findings whose fix overlapped one applied before it
	// (in Collect order); running the fix again picks them up.
	Conflicts []Finding
	// Refused are the findings whose fix was not applied because a file it
	// edits may not be edited or would not parse, with the reason.
	Refused []Refusal
}

// A Refusal is a fix ApplyFixes left out, and why.
type Refusal struct {
	Finding Finding
	File    string
	Reason  string
}

// FixOptions says where fixes may write.
type FixOptions struct {
	// ReadFile reads a source file.
	ReadFile func(filename string) ([]byte, error)
	// Editable reports why a file may not be edited ("" when it may):
	// outside the vetted modules, in a cache, read-only. ApplyFixes itself
	// refuses generated files.
	Editable func(filename string) string
}

// ApplyFixes applies the first suggested fix of every reported (not
// suppressed) finding that has one, to the sources opts.ReadFile reads.
// Fixes are taken in finding order; a fix whose edits overlap an edit
// already taken, other than an identical one (two fixes adding the same
// import), is left out whole, and so is every fix of a file that may not be
// edited or would not parse once fixed.
//
// Only the edited ranges change: a file that was gofmt-clean is gofmt'd
// again (which aligns and sorts what a fix inserted and touches nothing
// else); any other file gets the edits as they are, with their line endings
// turned into the file's own (CRLF files stay CRLF).
func ApplyFixes(fs []Finding, opts FixOptions) (*FixResult, error) {
	res := &FixResult{Files: make(map[string][]byte)}
	byFile := make(map[string][]int) // the findings (indexes into fs) whose fix edits each file
	for i, f := range fs {
		if !fixable(f) {
			continue
		}
		for _, e := range f.Fixes[0].Edits {
			if !slices.Contains(byFile[e.Filename], i) {
				byFile[e.Filename] = append(byFile[e.Filename], i)
			}
		}
	}
	refused := make(map[int]bool)
	srcs := make(map[string][]byte)
	for _, name := range slices.Sorted(maps.Keys(byFile)) {
		src, err := opts.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("applying fixes: %w", err)
		}
		srcs[name] = src
		reason := ""
		if opts.Editable != nil {
			reason = opts.Editable(name)
		}
		if reason == "" && strings.HasSuffix(name, ".go") && isGenerated(name, src) {
			reason = "a generated file"
		}
		if reason != "" {
			for _, i := range byFile[name] {
				if !refused[i] {
					refused[i] = true
					res.Refused = append(res.Refused, Refusal{Finding: fs[i], File: name, Reason: reason})
				}
			}
		}
	}

	// A file that would not parse drops the fixes that edit it, and the
	// files those fixes also edit are computed again without them.
	for {
		taken, owners, conflicting := take(fs, refused)
		clear(res.Files)
		again := false
		for _, name := range slices.Sorted(maps.Keys(taken)) {
			out, err := edit(name, srcs[name], taken[name])
			if err != nil {
				return nil, err
			}
			if strings.HasSuffix(name, ".go") {
				if _, perr := parser.ParseFile(token.NewFileSet(), name, out, parser.SkipObjectResolution); perr != nil {
					for _, i := range owners[name] {
						refused[i] = true
						res.Refused = append(res.Refused, Refusal{Finding: fs[i], File: name, Reason: "the fixed file would not parse: " + perr.Error()})
					}
					again = true
					break
				}
			}
			res.Files[name] = out
		}
		if again {
			continue
		}
		for i, f := range fs {
			switch {
			case conflicting[i]:
				res.Conflicts = append(res.Conflicts, f)
			case fixable(f) && !refused[i]:
				res.Fixed = append(res.Fixed, f)
			}
		}
		break
	}
	slices.SortStableFunc(res.Refused, func(a, b Refusal) int {
		return cmp.Or(strings.Compare(a.Finding.Posn.Filename, b.Finding.Posn.Filename), cmp.Compare(a.Finding.Posn.Line, b.Finding.Posn.Line),
			cmp.Compare(a.Finding.Posn.Column, b.Finding.Posn.Column), strings.Compare(a.File, b.File))
	})
	return res, nil
}

func fixable(f Finding) bool { return !f.Suppressed && len(f.Fixes) > 0 }

// take collects, in finding order, the edits of the first fix of every
// fixable finding not refused, leaving out a fix that overlaps one taken
// before it. It returns the edits by file, the findings whose edits each
// file holds, and the findings left out.
func take(fs []Finding, refused map[int]bool) (map[string][]Edit, map[string][]int, map[int]bool) {
	taken := make(map[string][]Edit)
	owners := make(map[string][]int)
	conflicting := make(map[int]bool)
	for i, f := range fs {
		if !fixable(f) || refused[i] {
			continue
		}
		if conflicts(taken, f.Fixes[0].Edits) {
			conflicting[i] = true
			continue
		}
		for _, e := range f.Fixes[0].Edits {
			if !slices.Contains(taken[e.Filename], e) {
				taken[e.Filename] = append(taken[e.Filename], e)
			}
			if !slices.Contains(owners[e.Filename], i) {
				owners[e.Filename] = append(owners[e.Filename], i)
			}
		}
	}
	return taken, owners, conflicting
}

// edit applies edits to src, as ApplyFixes describes.
func edit(name string, src []byte, edits []Edit) ([]byte, error) {
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b Edit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	crlf := bytes.Contains(src, []byte("\r\n"))
	var buf bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.Start < last || e.End > len(src) || e.Start > e.End {
			return nil, fmt.Errorf("applying fixes to %s: edit [%d,%d) out of range", name, e.Start, e.End)
		}
		buf.Write(src[last:e.Start])
		text := e.New
		if crlf {
			text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
		}
		buf.WriteString(text)
		last = e.End
	}
	buf.Write(src[last:])
	out := buf.Bytes()
	if !strings.HasSuffix(name, ".go") || crlf {
		return out, nil
	}
	if clean, err := format.Source(src); err != nil || !bytes.Equal(clean, src) {
		return out, nil // not gofmt'd before: leave the rest as it was
	}
	if formatted, err := format.Source(out); err == nil {
		return formatted, nil
	}
	return out, nil // the parse check reports it
}

// isGenerated reports whether src carries the "Code generated ... DO NOT
// EDIT." comment of https://go.dev/s/generatedcode.
func isGenerated(name string, src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil {
		return false
	}
	return ast.IsGenerated(f)
}

// conflicts reports whether any edit overlaps a taken edit of its file
// without being identical to it. Two insertions at one offset conflict
// unless identical, since their order would be a guess.
func conflicts(taken map[string][]Edit, edits []Edit) bool {
	for _, e := range edits {
		for _, t := range taken[e.Filename] {
			if e == t {
				continue
			}
			if e.Start < t.End && t.Start < e.End || e.Start == t.Start {
				return true
			}
		}
	}
	return false
}
