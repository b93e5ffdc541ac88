package topology

import (
	"cmp"
	"slices"
	"strings"
)

// Error is one invalid-input error at a position in a topology file. A
// position with Line 0 names only the file (it could not be read or
// parsed at all).
type Error struct {
	Pos     Pos    `json:"pos"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	if e.Pos.Line == 0 {
		return e.Pos.File + ": " + e.Message
	}
	return e.Pos.String() + ": " + e.Message
}

// ErrorList holds every invalid-input error found, sorted by position. The
// command line prints one per line and exits with code 2.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// dedupe drops repeated errors (same position and message), which HCL can
// produce for one mistake seen through two paths.
func (l ErrorList) dedupe() ErrorList {
	l.sort()
	return slices.CompactFunc(l, func(a, b *Error) bool { return *a == *b })
}
