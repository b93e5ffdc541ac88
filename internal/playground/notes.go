package playground

import (
	"cmp"
	"go/token"
	"slices"
	"strings"
)

// NewNotes returns an empty list over the given sources (file name -> text),
// which it reads to compute editor ranges.
func NewNotes(sources map[string]string) *Notes { return &Notes{sources: sources} }

// Source returns the text of the named file, if given.
func (l *Notes) Source(name string) string { return l.sources[name] }

// Notes collects notes and converts positions to editor ranges.
type Notes struct {
	sources map[string]string
	notes   []Note
}

// Add adds a note at posn.
func (l *Notes) Add(kind, severity, msg string, posn token.Position) {
	l.AddRange(kind, severity, msg, posn, token.Position{})
}

// AddRange adds a note spanning posn to end.
func (l *Notes) AddRange(kind, severity, msg string, posn, end token.Position) {
	l.notes = append(l.notes, Note{Kind: kind, Severity: severity, Message: msg, Range: l.RangeOf(posn, end)})
}

// RangeOf converts a position (and an optional end) to a Range. Without an
// end, the range covers the rest of the identifier or token at posn, at
// least one character, so the editor has something to underline.
func (l *Notes) RangeOf(posn, end token.Position) Range {
	r := Range{File: posn.Filename, Line: posn.Line, Column: posn.Column}
	src, ok := l.sources[posn.Filename]
	if !ok || posn.Line == 0 {
		return r
	}
	startOff := offsetOf(src, posn.Line, posn.Column)
	endOff := startOff
	if end.Line > 0 && end.Filename == posn.Filename {
		r.EndLine, r.EndColumn = end.Line, end.Column
		endOff = offsetOf(src, end.Line, end.Column)
	}
	if endOff <= startOff {
		endOff = startOff
		for endOff < len(src) && isWordByte(src[endOff]) {
			endOff++
		}
		if endOff == startOff && endOff < len(src) && src[endOff] != '\n' {
			endOff++
		}
	}
	r.From, r.To = utf16Offset(src, startOff), utf16Offset(src, endOff)
	return r
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// Sorted returns the notes by position, duplicates removed.
func (l *Notes) Sorted() []Note {
	out := slices.Clone(l.notes)
	slices.SortStableFunc(out, func(a, b Note) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), strings.Compare(a.Message, b.Message))
	})
	out = slices.CompactFunc(out, func(a, b Note) bool { return a == b })
	if out == nil {
		out = []Note{}
	}
	return out
}
