package robust

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/driver/cli"
)

// TestReadmeDemo runs the README's first command, nines vet on the
// built-in demo, and checks what the README says of it: how many findings
// it prints, its exit status, and each line it quotes.
func TestReadmeDemo(t *testing.T) {
	root := repoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	if !strings.Contains(text, "go run . vet ./testdata/demo/...") {
		t.Fatal("README no longer starts from go run . vet ./testdata/demo/...; update this test")
	}
	m := regexp.MustCompile(`The first command prints (\w+) findings and exits with status (\d)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatal(`README does not say "The first command prints N findings and exits with status S"`)
	}
	words := map[string]int{"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15}
	want, ok := words[m[1]]
	if !ok {
		t.Fatalf("README's count %q is not a number this test reads", m[1])
	}
	code, out, stderr := nines(t, root, "vet", "-cache=false", "./testdata/demo/...")
	if code != cli.ExitFindings || m[2] != "1" {
		t.Errorf("exit status %d, README says %s (want %d):\n%s", code, m[2], cli.ExitFindings, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != want {
		t.Errorf("the demo prints %d findings, README says %s:\n%s", len(lines), m[1], out)
	}
	// The quoted lines: the text block after the sentence.
	rest := text[strings.Index(text, m[0]):]
	start := strings.Index(rest, "```text\n")
	end := strings.Index(rest[start+8:], "```")
	if start < 0 || end < 0 {
		t.Fatal("README quotes no findings after the sentence")
	}
	quoted := strings.Split(strings.TrimSpace(rest[start+8:start+8+end]), "\n")
	for _, q := range quoted {
		if !strings.Contains(out, q+"\n") {
			t.Errorf("README quotes a finding the demo does not print:\n%s", q)
		}
	}
	if len(quoted) == 0 {
		t.Error("README quotes no finding")
	}
}
