package topology

import (
	"os"
	"strings"
	"testing"
)

// TestDocumentedSnippetsAreChecked: every HCL snippet of docs/topology.md
// loads as a topology of its own, or says which file it is cut from
// ("# cut from PATH") and is found verbatim in that file, so that a
// snippet copied as is works.
func TestDocumentedSnippetsAreChecked(t *testing.T) {
	for _, doc := range []string{"../docs/topology.md"} {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		snippets := 0
		rest := string(text)
		for {
			start := strings.Index(rest, "```hcl\n")
			if start < 0 {
				break
			}
			rest = rest[start+len("```hcl\n"):]
			end := strings.Index(rest, "```")
			snippet := rest[:end]
			rest = rest[end+3:]
			snippets++
			if from, ok := strings.CutPrefix(snippet, "# cut from "); ok {
				path, body, _ := strings.Cut(from, "\n")
				src, err := os.ReadFile("../" + path)
				if err != nil {
					t.Errorf("%s: snippet %d is cut from %s: %v", doc, snippets, path, err)
				} else if !strings.Contains(string(src), body) {
					t.Errorf("%s: snippet %d is not in %s as it is:\n%s", doc, snippets, path, body)
				}
				continue
			}
			if _, err := LoadBytes("snippet.nines.hcl", []byte(snippet), Limits{}); err != nil {
				t.Errorf("%s: snippet %d does not load as it is:\n%v\n%s", doc, snippets, err, snippet)
			}
		}
		if snippets == 0 {
			t.Errorf("%s: no HCL snippet found", doc)
		}
	}
}
