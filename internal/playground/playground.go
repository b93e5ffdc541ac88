// Package playground is the logic of the browser playground's workers,
// written without syscall/js so it is tested on the host: the Go worker's
// analysis of the user's files (this file and goanalysis.go) and the
// topology worker's check (topology.go). The wasm entry points in wasm/ only
// convert values and call these functions.
package playground

import (
	"unicode/utf8"
)

// File is one file of the page's editor: a slash-separated name relative to
// the playground's root and its text.
type File struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// Range is a span of one file in the units the page's editor counts in:
// From and To are offsets in UTF-16 code units. Line and Column are 1-based
// and Column counts bytes, as the CLI prints them.
type Range struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine,omitempty"`
	EndColumn int    `json:"endColumn,omitempty"`
	From      int    `json:"from"`
	To        int    `json:"to"`
}

// Note is a problem with the input rather than a finding: a syntax or type
// error, an import the playground cannot resolve, an analyzer that failed.
type Note struct {
	Kind     string `json:"kind"`     // "syntax", "type", "import", "analyzer", "load", "policy"
	Severity string `json:"severity"` // "error", "warning" or "info"
	Message  string `json:"message"`
	Range
}

// utf16Offset converts a byte offset in s to an offset in UTF-16 code units.
// An offset past the end is clamped to the end.
func utf16Offset(s string, byteOff int) int {
	if byteOff > len(s) {
		byteOff = len(s)
	}
	if byteOff < 0 {
		byteOff = 0
	}
	n := 0
	for i := 0; i < byteOff; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// lineStart returns the byte offset of the start of the 1-based line in s,
// or len(s) when s has fewer lines.
func lineStart(s string, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := indexNewline(s[off:])
		if i < 0 {
			return len(s)
		}
		off += i + 1
	}
	return off
}

func indexNewline(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return i
		}
	}
	return -1
}

// offsetOf returns the byte offset of a 1-based line and byte column in s.
func offsetOf(s string, line, col int) int {
	if line < 1 {
		return 0
	}
	off := lineStart(s, line)
	if col > 1 {
		off += col - 1
	}
	if off > len(s) {
		off = len(s)
	}
	return off
}
