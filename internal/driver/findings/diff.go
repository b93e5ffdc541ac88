package findings

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// UnifiedDiff returns the changes from old to new as a unified diff with
// three lines of context, under the names a/name and b/name as git prints
// them; "" when they are equal. Lines are compared whole, line endings
// included, so a diff of a CRLF file shows CRLF lines.
func UnifiedDiff(name string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	ops := diffLines(a, b)
	const context = 3
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", name, name)
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk runs from context lines before this change to context
		// lines after the last change that is at most 2*context lines on.
		start := max(i-context, 0)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
			} else if j-end >= 2*context {
				break
			}
		}
		end = min(end+context, len(ops))
		var aLine, bLine, aLen, bLen int
		aLine, bLine = ops[start].a+1, ops[start].b+1
		var body strings.Builder
		for _, op := range ops[start:end] {
			text := op.text
			switch op.kind {
			case ' ':
				aLen++
				bLen++
			case '-':
				aLen++
			case '+':
				bLen++
			}
			body.WriteByte(op.kind)
			body.WriteString(text)
			if !strings.HasSuffix(text, "\n") {
				body.WriteString("\n\\ No newline at end of file\n")
			}
		}
		if aLen == 0 {
			aLine--
		}
		if bLen == 0 {
			bLine--
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n%s", span(aLine, aLen), span(bLine, bLen), body.String())
		i = end
	}
	return out.String()
}

func span(line, n int) string {
	if n == 1 {
		return fmt.Sprint(line)
	}
	return fmt.Sprintf("%d,%d", line, n)
}

func splitLines(b []byte) []string {
	var lines []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			lines = append(lines, string(b))
			break
		}
		lines = append(lines, string(b[:i+1]))
		b = b[i+1:]
	}
	return lines
}

// lineOp is one line of a diff: kept (' '), removed ('-') or added ('+'),
// with its index in the old (a) and new (b) lines.
type lineOp struct {
	kind byte
	text string
	a, b int
}

// diffLines returns a shortest edit script from a to b (Myers' algorithm,
// "An O(ND) Difference Algorithm and Its Variations", 1986): time and memory
// grow with the size of the change, not of the files, which suits fixes
// that touch a few lines of long files.
func diffLines(a, b []string) []lineOp {
	n, m := len(a), len(b)
	maxD := n + m
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int // trace[d] is v as round d found it
search:
	for d := 0; d <= maxD; d++ {
		trace = append(trace, slices.Clone(v))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				break search
			}
		}
	}
	var rev []lineOp
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		v := trace[d]
		k := x - y
		pk := k - 1
		if k == -d || k != d && v[off+k-1] < v[off+k+1] {
			pk = k + 1
		}
		px := v[off+pk]
		py := px - pk
		for x > px && y > py {
			x--
			y--
			rev = append(rev, lineOp{' ', a[x], x, y})
		}
		if d == 0 {
			break
		}
		if x == px {
			y--
			rev = append(rev, lineOp{'+', b[y], x, y})
		} else {
			x--
			rev = append(rev, lineOp{'-', a[x], x, y})
		}
	}
	ops := make([]lineOp, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}
