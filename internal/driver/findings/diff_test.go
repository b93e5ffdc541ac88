package findings_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/driver/findings"
)

func TestUnifiedDiff(t *testing.T) {
	old := "package a\n\nfunc f() {\n\tc := &http.Client{}\n\t_ = c\n}\n"
	new := "package a\n\nfunc f() {\n\tc := &http.Client{\n\t\tTimeout: 30 * time.Second,\n\t}\n\t_ = c\n}\n"
	assert.Equal(t, `--- a/a.go
+++ b/a.go
@@ -1,6 +1,8 @@
 package a
 
 func f() {
-	c := &http.Client{}
+	c := &http.Client{
+		Timeout: 30 * time.Second,
+	}
 	_ = c
 }
`, findings.UnifiedDiff("a.go", []byte(old), []byte(new)))
	assert.Empty(t, findings.UnifiedDiff("a.go", []byte(old), []byte(old)))
	assert.Contains(t, findings.UnifiedDiff("a.go", []byte("x"), []byte("y")), "-x\n\\ No newline at end of file\n+y\n\\ No newline at end of file\n")
	assert.Contains(t, findings.UnifiedDiff("a.go", []byte("a\r\nb\r\n"), []byte("a\r\nc\r\n")), "-b\r\n+c\r\n", "CRLF lines keep their ends")
}

// TestUnifiedDiffApplies patches the old text with the diff of random
// changes and gets the new text back.
func TestUnifiedDiffApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		var old []string
		for i := range r.IntN(40) {
			old = append(old, fmt.Sprintf("line %d\n", i%7))
		}
		new := append([]string(nil), old...)
		for range r.IntN(6) {
			at := r.IntN(len(new) + 1)
			switch r.IntN(3) {
			case 0:
				new = append(new[:at], append([]string{fmt.Sprintf("added %d\n", r.IntN(5))}, new[at:]...)...)
			case 1:
				if at < len(new) {
					new = append(new[:at], new[at+1:]...)
				}
			default:
				if at < len(new) {
					new[at] = "changed\n"
				}
			}
		}
		a, b := strings.Join(old, ""), strings.Join(new, "")
		d := findings.UnifiedDiff("f", []byte(a), []byte(b))
		if a == b {
			assert.Empty(t, d)
			continue
		}
		assert.Equal(t, b, patch(t, old, d), "trial %d:\n%s", trial, d)
	}
}

// patch applies a unified diff to lines, checking every context and
// removed line against them.
func patch(t *testing.T, lines []string, diff string) string {
	t.Helper()
	rows := strings.SplitAfter(diff, "\n")
	require.True(t, strings.HasPrefix(rows[0], "--- a/") && strings.HasPrefix(rows[1], "+++ b/"))
	var out []string
	next := 0 // next old line to copy
	for _, row := range rows[2:] {
		switch {
		case row == "":
		case strings.HasPrefix(row, "@@ -"):
			spec := strings.Fields(row)[1][1:]
			startS, _, _ := strings.Cut(spec, ",")
			start, err := strconv.Atoi(startS)
			require.NoError(t, err)
			if !strings.Contains(spec, ",0") {
				start--
			}
			require.GreaterOrEqual(t, start, next, "hunks in order")
			out = append(out, lines[next:start]...)
			next = start
		case row[0] == ' ' || row[0] == '-':
			require.Less(t, next, len(lines))
			require.Equal(t, lines[next], row[1:], "context and removed lines match the old text")
			if row[0] == ' ' {
				out = append(out, lines[next])
			}
			next++
		case row[0] == '+':
			out = append(out, row[1:])
		default:
			t.Fatalf("unexpected diff row %q", row)
		}
	}
	return strings.Join(append(out, lines[next:]...), "")
}
