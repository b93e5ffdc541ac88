package hclschema

import (
	"bytes"
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Boundary is the start of a line that follows a top-level block: a place
// where a file can be cut into pieces that parse on their own.
type Boundary struct{ Offset, Line int }

// ScanNesting finds the first place where brackets, braces, parentheses
// and template interpolations nest deeper than max, before the parsers
// (which are recursive) see the file, and otherwise returns where
// top-level blocks end. It reads the file as HCL's scanner does:
//
//   - a quoted string runs to its closing quote, across lines: the
//     scanner reports the newline but stays in the string, so the brackets
//     on the next line are text, not nesting;
//   - in quoted strings and heredocs only "${" and "%{" nest; "$${" and
//     "%%{" are escapes, and a heredoc's text (quotes included) means
//     nothing else;
//   - comments are skipped; a backslash never hides a newline.
//
// The position is HCL's: columns count characters (grapheme clusters),
// as hcl.Pos.Column does, so it agrees with the parser's own errors. JSON
// is read the same way, which is right for its strings (templates) and
// brackets.
func ScanNesting(src []byte, max int) (Pos, bool, []Boundary) {
	p, problem, bounds := Scan(src, ScanLimits{MaxDepth: max})
	return p, problem == "", bounds
}

// ScanLimits bound what Scan accepts; zero means no limit (MaxDepth is
// required).
type ScanLimits struct {
	MaxDepth       int
	MaxListItems   int // elements of one list: commas at its level, plus one
	MaxStringBytes int // bytes of one quoted string or heredoc
	MaxBraces      int // '{' outside strings: blocks and objects
}

// Scan is ScanNesting with limits on what the parsers would allocate most
// for: the items of a list, the bytes of a string and the braces (blocks
// and objects) of the file, checked in the same pass, so that a hostile
// file is refused before a parser builds it. problem is "" when the file
// is within the limits, else what it exceeds, at p.
func Scan(src []byte, lim ScanLimits) (p Pos, problem string, bounds []Boundary) {
	max := lim.MaxDepth
	var items []int // per open level: commas seen (for '[' levels)
	braces := 0
	stringStart := -1 // offset where the innermost open string began
	at := func(line, lineStart, i int) Pos {
		return Pos{Line: line, Column: Column(src[lineStart:i+1]) - 1}
	}
	// Each entry is what opened a level: '{', '[' or '(' in code, '"'
	// for a quoted string and '<' for a heredoc (in both of which only
	// "${" and "%{" open a level).
	var stack []byte
	var markers [][]byte // of the open heredocs, innermost last
	line, lineStart := 1, 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			line, lineStart = line+1, i+1
			if len(stack) > 0 && stack[len(stack)-1] == '<' {
				if end := closesHeredoc(src, i+1, markers[len(markers)-1]); end > 0 {
					stack, markers = stack[:len(stack)-1], markers[:len(markers)-1]
					items = items[:len(items)-1]
					stringStart = -1
					i = end - 1 // the newline after the marker is code again
				}
			}
			continue
		}
		if len(stack) > 0 && (stack[len(stack)-1] == '"' || stack[len(stack)-1] == '<') {
			open := stack[len(stack)-1]
			if lim.MaxStringBytes > 0 && stringStart >= 0 && i-stringStart-1 > lim.MaxStringBytes {
				return at(line, lineStart, i), fmt.Sprintf("string longer than %d bytes", lim.MaxStringBytes), nil
			}
			switch {
			case c == '\\' && open == '"':
				if i+1 < len(src) && src[i+1] != '\n' {
					i++
				}
			case c == '"' && open == '"':
				stack, items = stack[:len(stack)-1], items[:len(items)-1]
				stringStart = -1
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == c && i+2 < len(src) && src[i+2] == '{':
				i += 2 // $${ and %%{ are a literal ${ and %{
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				i++
				stack, items = append(stack, '{'), append(items, 0)
			}
		} else {
			switch c {
			case '"':
				stack, items = append(stack, '"'), append(items, 0)
				stringStart = i
			case '#':
				i = lineEnd(src, i)
			case '/':
				if i+1 < len(src) && src[i+1] == '/' {
					i = lineEnd(src, i)
				} else if i+1 < len(src) && src[i+1] == '*' {
					end := bytes.Index(src[i+2:], []byte("*/"))
					if end < 0 {
						end = len(src) - i - 2
					}
					comment := src[i : i+2+end]
					if n := bytes.Count(comment, []byte("\n")); n > 0 {
						line += n
						lineStart = i + bytes.LastIndexByte(comment, '\n') + 1
					}
					i += 2 + end + 1
				}
			case '<':
				if marker, end := opensHeredoc(src, i); end > 0 {
					stack, items = append(stack, '<'), append(items, 0)
					markers = append(markers, marker)
					stringStart = i
					i = end - 1 // at the newline that ends the introducer
				}
			case '{', '[', '(':
				stack, items = append(stack, c), append(items, 0)
				if c == '{' {
					if braces++; lim.MaxBraces > 0 && braces > lim.MaxBraces {
						// At the first token of the line: where the block starts.
						j := lineStart
						for j < i && (src[j] == ' ' || src[j] == '\t') {
							j++
						}
						return at(line, lineStart, j), fmt.Sprintf("more than %d braces", lim.MaxBraces), nil
					}
				}
			case ',':
				if n := len(items); n > 0 && stack[n-1] == '[' {
					if items[n-1]++; lim.MaxListItems > 0 && items[n-1] >= lim.MaxListItems {
						return at(line, lineStart, i), fmt.Sprintf("list of more than %d items", lim.MaxListItems), nil
					}
				}
			case '}', ']', ')':
				if len(stack) > 0 {
					stack, items = stack[:len(stack)-1], items[:len(items)-1]
				}
				if c == '}' && len(stack) == 0 {
					// The next line starts after a top-level block.
					if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
						bounds = append(bounds, Boundary{i + j + 1, line + 1})
					}
				}
			}
		}
		if len(stack) > max {
			return at(line, lineStart, i), fmt.Sprintf("nested more than %d levels deep", max), nil
		}
	}
	return Pos{}, "", bounds
}

// lineEnd returns the index of the last byte before the newline that ends
// the line holding src[i], or of the last byte of src.
func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j - 1
	}
	return len(src) - 1
}

// opensHeredoc reports whether src[i:] starts a heredoc introducer,
// <<MARKER or <<-MARKER then a newline, and returns the marker and the
// index of that newline.
func opensHeredoc(src []byte, i int) ([]byte, int) {
	j := i + 2
	if j > len(src) || src[i+1] != '<' {
		return nil, 0
	}
	if j < len(src) && src[j] == '-' {
		j++
	}
	start := j
	for j < len(src) && isIdentByte(src[j], j == start) {
		j++
	}
	end := j
	if j < len(src) && src[j] == '\r' {
		j++
	}
	if end == start || j >= len(src) || src[j] != '\n' {
		return nil, 0
	}
	return src[start:end], j
}

// isIdentByte approximates HCL's identifier characters: letters, digits,
// '_' and '-' (not first), and any byte of a multi-byte character.
func isIdentByte(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c >= 0x80:
		return true
	case c >= '0' && c <= '9', c == '-':
		return !first
	}
	return false
}

// closesHeredoc reports whether the line starting at src[i] is marker
// alone (spaces around it allowed) and returns the index of the newline
// that ends it, or len(src) at the end of the file; 0 when it is not.
func closesHeredoc(src []byte, i int, marker []byte) int {
	end := bytes.IndexByte(src[i:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += i
	}
	if !bytes.Equal(bytes.TrimSpace(src[i:end]), marker) {
		return 0
	}
	return end
}

// Column returns the column just after text, a line's first bytes,
// counted as hcl.Pos.Column counts: one per character (grapheme cluster)
// from 1. It costs a pass over text, so it is meant for error positions.
func Column(text []byte) int {
	whole := func(data []byte, _ bool) (int, []byte, error) { return len(data), data, nil }
	sc := hcl.NewRangeScannerFragment(text, "", hcl.Pos{Line: 1, Column: 1}, whole)
	col := 1
	for sc.Scan() {
		col = sc.Range().End.Column
	}
	return col
}
