package imports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// yamlDocs are the root mappings of the documents of src as the YAML
// package builds them, or its error.
func yamlDocs(src []byte) ([]*yaml.Node, error) {
	var out []*yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
			out = append(out, doc.Content[0])
		}
	}
}

// nodeText writes what the readers can see of a node tree: everything
// but the comments.
func nodeText(b *strings.Builder, n *yaml.Node, depth int) {
	fmt.Fprintf(b, "%*s%d %s %q style=%d %d:%d\n", 2*depth, "", n.Kind, n.Tag, n.Value, n.Style, n.Line, n.Column)
	for _, c := range n.Content {
		nodeText(b, c, depth+1)
	}
}

func docsText(docs []*yaml.Node) string {
	var b strings.Builder
	for _, d := range docs {
		b.WriteString("---\n")
		nodeText(&b, d, 0)
	}
	return b.String()
}

// sameAsYAML checks that when fastYAML reads src, the YAML package reads
// it without an error into the same trees.
func sameAsYAML(t *testing.T, src []byte) bool {
	t.Helper()
	got, ok := fastYAML(src)
	if !ok {
		return false
	}
	want, err := yamlDocs(src)
	if err != nil {
		t.Fatalf("fastYAML read %q, which the YAML package rejects: %v", src, err)
	}
	if g, w := docsText(got), docsText(want); g != w {
		t.Fatalf("fastYAML read %q as\n%s\nthe YAML package as\n%s", src, g, w)
	}
	return true
}

var fastYAMLCases = []struct {
	src  string
	fast bool // whether fastYAML reads it (else the YAML package does)
}{
	{"a:\nb: 1\nc:   x  # y\nd:\n- 1\n-\n- k: v\n  j:\ne: {}\nf: []\n", true},
	{"# head\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a # the name\n---\n\n--- # c\nkind: Deployment\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: x\n        image: \"r/x:1\"\n        args:\n          - -v\n          - 'a b'\n", true},
	{"  a: 1\n  b:\n    - x\n    -   y: 1\n        z: 2\n", true},
	{"a: b#c\nd: e # f\n<<: {}\ng: a:b\nh: 0x1F\ni: 1e3\nj: ~\nk: null\nl: true\nm: 2026-01-01\nn: -1\n", true},
	{"a: -\n", false},
	{"a: b\n  c\n", false},              // a plain scalar on two lines
	{"a: b\n  c: d\n", false},           // an error
	{"a: \"x\ny\"\n", false},            // a quoted scalar on two lines
	{"a: \"x\\ty\"\n", false},           // an escape
	{"a: 'it''s'\n", false},             // a quote in single quotes
	{"a: &x 1\nb: *x\n", false},         // an anchor and an alias
	{"a: !!str 1\n", false},             // a tag
	{"a: |\n  x\n", false},              // a block scalar
	{"a: {b: 1}\n", false},              // a flow mapping
	{"a: [1, 2]\n", false},              // a flow sequence
	{"a:\tb\n", false},                  // a tab
	{"a: b\r\n", false},                 // a carriage return
	{"a: é\n", false},                   // beyond ASCII: the YAML package counts columns in runes
	{"%YAML 1.2\n---\na: 1\n", false},   // a directive
	{"a: 1\n...\n", false},              // a document end
	{"--- a\n", false},                  // a scalar document
	{"---a: 1\n", false},                // not a document marker
	{"- a\n- b\n", false},               // a sequence document
	{"a: 1\n- b\n", false},              // an error
	{"a:\n  - b\n  c: 1\n", false},      // an error
	{"a:\n    b: 1\n  c: 2\n", false},   // an error
	{"\"a\": 1\n", false},               // a quoted key
	{"a : 1\n", false},                  // a space before the colon
	{"a: b: c\n", false},                // an error
	{"? a\n: b\n", false},               // a complex key
	{"a:\n  - - b\n", false},            // a sequence in a sequence's item
	{"a: \"b\"c\n", false},              // an error
	{"a: \"b\" # c\nd: 'e'\n", true},    // quoted scalars
	{"a: x #c\n# c\n  # c\nb:\n", true}, // comments anywhere
	{"a:\n# c\n  b: 1\n", true},         // a comment before a value
	{"a:\n- b\nc: 1\n", true},           // a sequence at its key's indentation
	{"a: b:c\n", true},                  // a colon inside a plain scalar
}

func TestFastYAML(t *testing.T) {
	for _, tc := range fastYAMLCases {
		if got := sameAsYAML(t, []byte(tc.src)); got != tc.fast {
			t.Errorf("fastYAML reads %q: %v, want %v", tc.src, got, tc.fast)
		}
	}
	s := newBenchShop(20)
	for _, name := range s.manifests {
		if src := pruneUnread(s.fsys[name].Data); !sameAsYAML(t, src) {
			t.Errorf("fastYAML does not read %s as pruned:\n%s", name, src)
		}
	}
}

// FuzzFastYAML: whatever fastYAML reads, the YAML package reads the same.
func FuzzFastYAML(f *testing.F) {
	addSeeds(f, func(p string) bool { return strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml") })
	for _, tc := range fastYAMLCases {
		f.Add([]byte(tc.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) { sameAsYAML(t, src) })
}
