package hclschema_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/hclschema"
)

func deep(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

// The topology loader and the configuration loader had a scanner each;
// these cases are where the two disagreed, or where both were wrong.
func TestScanNesting(t *testing.T) {
	tests := []struct {
		name string
		src  string
		max  int
		want string // "line:col" of the level past max, or "" when within it
	}{
		{"plain", "a = " + deep(5), 3, "1:8"},
		{"within the limit", "a = " + deep(3), 3, ""},
		// The configuration loader ended a quoted string at the end of its
		// line; HCL's scanner reports the newline but stays in the string,
		// so the next line's brackets are text and its quote closes it.
		{"a string runs across lines: its brackets are text", "a = \"x\n" + deep(5) + "\"\n", 3, ""},
		{"a string runs across lines: its quote closes it", "a = \"x\n\" b = " + deep(5) + "\n", 3, "2:10"},
		{"braces in a string are text", "a = \"{{{{ [[[[ }}\"\nb = 1\n", 1, ""},
		{"interpolations nest in a string", "a = \"${${${x}}}\"\n", 3, "1:11"},
		{"$${ is a literal ${", "a = \"$${$${$${\"\nb = " + deep(4), 3, "2:8"},
		{"%%{ is a literal %{", "a = \"%%{%%{%%{\"\n", 1, ""},
		{"an escaped quote does not end the string", `a = "\"[[[[" `, 1, ""},
		// Both counted bytes; hcl.Pos.Column counts characters.
		{"multi-byte characters are one column each", "a = \"日本é\" b = " + deep(4), 3, "1:18"},
		{"a combining mark joins its letter", "a = \"e\u0301e\u0301\" b = " + deep(4), 3, "1:17"},
		{"a tab is one column", "\ta =\t" + deep(4), 3, "1:9"},
		{"an interpolation is at its brace, in characters", "a = \"é${${${x}}}\"", 3, "1:12"},
		// Both skipped a comment's bytes in the column count.
		{"a comment's bytes count", "a = /* c */ " + deep(4), 3, "1:16"},
		{"after a comment over lines", "a = /* c\nd */ " + deep(4), 3, "2:9"},
		{"brackets in comments are text", "# [[[[\n// [[[[\n/* [[[[ */ a = 1\n", 1, ""},
		// Both skipped the byte after a backslash, a newline included.
		{"a backslash does not hide a newline", "a = \"x\\\n\" b = " + deep(4), 3, "2:10"},
		// Neither knew heredocs: quotes and brackets in them are text.
		{"brackets in a heredoc are text", "a = <<EOT\n" + strings.Repeat("[", 9) + "\nEOT\n", 3, ""},
		{"a quote in a heredoc is text", "a = <<EOT\n\"\nEOT\nb = " + deep(4) + "\n", 3, "4:8"},
		{"an indented heredoc closes at its indented marker", "a = <<-EOT\n  [[[[\n  EOT\nb = " + deep(4) + "\n", 3, "4:8"},
		{"interpolations nest in a heredoc", "a = <<EOT\n${${${x}}}\nEOT\n", 3, "2:6"},
		{"a marker followed by text does not close", "a = <<EOT\nEOT x [[[[\n\"\nEOT\nb = " + deep(4), 3, "5:8"},
		{"an unterminated heredoc", "a = <<EOT\n[[[[", 1, ""},
		{"CRLF", "a = 1\r\nb = " + deep(4) + "\r\n", 3, "2:8"},
		{"an unterminated block comment", "/* [[[[", 1, ""},
		{"JSON", `{"a": {"b": ` + deep(4) + "}}", 4, "1:15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok, _ := hclschema.ScanNesting([]byte(tt.src), tt.max)
			got := ""
			if !ok {
				got = fmt.Sprintf("%d:%d", p.Line, p.Column)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// The position of a bracket past the limit is where HCL's own lexer puts
// that bracket, whatever comes before it on the line.
func TestScanNestingColumnsAreHCLs(t *testing.T) {
	for _, prefix := range []string{"", "\t\t", "日本語", "e\u0301", "\"🇫🇷\"", "/* 注 */", "\"\\\"ü\""} {
		src := "a = " + prefix + " " + deep(3) + "\n"
		p, ok, _ := hclschema.ScanNesting([]byte(src), 2)
		require.False(t, ok, "%q", src)
		tokens, _ := hclsyntax.LexConfig([]byte(src), "f", hcl.InitialPos)
		var brackets []hclsyntax.Token
		for _, tok := range tokens {
			if tok.Type == hclsyntax.TokenOBrack {
				brackets = append(brackets, tok)
			}
		}
		require.Len(t, brackets, 3, "%q", src)
		assert.Equal(t, brackets[2].Range.Start.Line, p.Line, "%q", src)
		assert.Equal(t, brackets[2].Range.Start.Column, p.Column, "%q", src)
	}
}

func TestScanNestingBoundaries(t *testing.T) {
	src := "a {\n  s = \"}\"\n  h = <<EOT\n}\nEOT\n}\nb {\n  # }\n}\nc = 1\n"
	_, ok, bounds := hclschema.ScanNesting([]byte(src), 32)
	require.True(t, ok)
	assert.Equal(t, []hclschema.Boundary{{Offset: strings.Index(src, "b {"), Line: 7}, {Offset: strings.Index(src, "c = 1"), Line: 10}}, bounds)
}

func TestColumn(t *testing.T) {
	assert.Equal(t, 1, hclschema.Column(nil))
	assert.Equal(t, 4, hclschema.Column([]byte("abc")))
	assert.Equal(t, 3, hclschema.Column([]byte("日本")))
	assert.Equal(t, 2, hclschema.Column([]byte("e\u0301")))
}
