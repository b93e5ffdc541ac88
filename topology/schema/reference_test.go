package schema_test

import (
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/hclschema"
	"github.com/nines-dev/nines/topology/schema"
)

var update = flag.Bool("update", false, "rewrite the attribute tables of docs/topology.md")

const docsPath = "../../docs/topology.md"

// table matches one generated table of docs/topology.md: the marker names
// the block ("service call"), the table runs to the end marker.
var table = regexp.MustCompile(`(?s)(<!-- attributes of ([a-z_ ]+): generated from topology\.schema\.json, go test \./topology/schema -update -->\n)(.*?)(<!-- end of attributes -->)`)

// The attribute tables of the language reference are generated from the
// schema, and every block type's attributes are in one of them.
func TestReferenceIsGenerated(t *testing.T) {
	src, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	var documented [][]string // attribute names of each table
	var failed bool
	out := table.ReplaceAllStringFunc(string(src), func(m string) string {
		g := table.FindStringSubmatch(m)
		path := strings.Fields(g[2])
		want, err := schema.Reference(path...)
		if err != nil {
			t.Error(err)
			return m
		}
		if g[3] != want {
			failed = true
		}
		documented = append(documented, attrNames(t, path))
		return g[1] + want + g[4]
	})
	if len(documented) == 0 {
		t.Fatalf("%s has no generated attribute tables", docsPath)
	}
	if *update {
		if err := os.WriteFile(docsPath, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if failed {
		t.Errorf("the attribute tables of %s are stale: run go test ./topology/schema -update", docsPath)
	}

	root, err := schema.Blocks()
	if err != nil {
		t.Fatal(err)
	}
	root.Walk(func(b *hclschema.Block) {
		if b == root {
			return
		}
		names := names(b)
		// Components of every kind share one table.
		if !slices.ContainsFunc(documented, func(d []string) bool { return slices.Equal(d, names) }) {
			t.Errorf("%s documents no block with the attributes of %s %v", docsPath, b.Type, names)
		}
	})
}

func attrNames(t *testing.T, path []string) []string {
	t.Helper()
	b, err := schema.Blocks()
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range path {
		b = b.Block(typ)
	}
	return names(b)
}

func names(b *hclschema.Block) []string {
	var out []string
	for _, a := range b.Attrs {
		out = append(out, a.Name)
	}
	return out
}

func TestReferenceOfUnknownBlock(t *testing.T) {
	if _, err := schema.Reference("service", "nothing"); err == nil {
		t.Error("no error for an unknown block")
	}
}
