package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// escapeControl writes the control characters of s (C0, DEL and C1) as Go
// escapes: \n, \r, \t, \x1b, \u009b. Every format passes names and messages
// through it, or through an encoding that escapes the same characters
// (JSON, SARIF), so a name holding a newline cannot start a line of its own
// in a CI log, where the runner would take "::error" for a command, and an
// ESC cannot move a terminal's cursor.
func escapeControl(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !isControl(r):
			b.WriteString(s[i : i+size]) // invalid UTF-8 stays as it was
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < utf8.RuneSelf:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || 0x7f <= r && r < 0xa0 }
