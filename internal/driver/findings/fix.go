package findings

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"maps"
	"slices"
	"strings"
)

// FixResult says what ApplyFixes did.
type FixResult struct {
	// Files maps each changed file to its new, gofmt'd content.
	Files map[string][]byte
	// Fixed are the findings whose first fix was applied.
	Fixed []Finding
	// Conflicts are findings whose fix overlapped one applied before it
	// (in Collect order); running the fix again picks them up.
	Conflicts []Finding
}

// ApplyFixes applies the first suggested fix of every reported (not
// suppressed) finding that has one, to the sources read by readFile. Fixes
// are taken in finding order; a fix whose edits overlap an edit already
// taken, other than an identical one (two fixes adding the same import), is
// left out whole. Changed files are gofmt'd, which also sorts the imports a
// fix added.
func ApplyFixes(fs []Finding, readFile func(filename string) ([]byte, error)) (*FixResult, error) {
	res := &FixResult{Files: make(map[string][]byte)}
	taken := make(map[string][]Edit) // by file, the edits accepted so far
	for _, f := range fs {
		if f.Suppressed || len(f.Fixes) == 0 {
			continue
		}
		fix := f.Fixes[0]
		if conflicts(taken, fix.Edits) {
			res.Conflicts = append(res.Conflicts, f)
			continue
		}
		for _, e := range fix.Edits {
			if !slices.Contains(taken[e.Filename], e) {
				taken[e.Filename] = append(taken[e.Filename], e)
			}
		}
		res.Fixed = append(res.Fixed, f)
	}
	for _, name := range slices.Sorted(maps.Keys(taken)) {
		src, err := readFile(name)
		if err != nil {
			return nil, fmt.Errorf("applying fixes: %w", err)
		}
		edits := taken[name]
		slices.SortFunc(edits, func(a, b Edit) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
		})
		var buf bytes.Buffer
		last := 0
		for _, e := range edits {
			if e.Start < last || e.End > len(src) || e.Start > e.End {
				return nil, fmt.Errorf("applying fixes to %s: edit [%d,%d) out of range", name, e.Start, e.End)
			}
			buf.Write(src[last:e.Start])
			buf.WriteString(e.New)
			last = e.End
		}
		buf.Write(src[last:])
		out := buf.Bytes()
		if strings.HasSuffix(name, ".go") {
			formatted, err := format.Source(out)
			if err != nil {
				return nil, fmt.Errorf("applying fixes to %s: fixed file does not parse: %w", name, err)
			}
			out = formatted
		}
		res.Files[name] = out
	}
	return res, nil
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
