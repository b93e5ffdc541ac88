package imports

import (
	"slices"
	"strings"
	"testing"

	"github.com/nines-dev/nines/topology"
)

// TestPruneUnread: the values of the keys nothing reads are emptied, line
// for line, and every other line is left as it was.
func TestPruneUnread(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"pod spec",
			"spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: x\n\n          ports:\n            - containerPort: 80\n      affinity: {}\n",
			"spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n\n\n\n\n\n      affinity: {}\n"},
		{"sequence at the key's indentation, comments inside",
			"containers:\n- name: a\n# between\n  image: b\nports:\n- 80\nkind: Deployment\n",
			"containers:\n\n\n\nports:\n\nkind: Deployment\n"},
		{"trailing comment and blank lines stay",
			"volumes: # none read\n  - name: v\n\n# next\nspec: {}\n",
			"volumes: # none read\n\n\n# next\nspec: {}\n"},
		{"an anchor inside: left alone",
			"containers:\n  - &app\n    name: a\nother: *app\n",
			"containers:\n  - &app\n    name: a\nother: *app\n"},
		{"flow style on the key's line: left alone",
			"ports: [80,\n  443]\n",
			"ports: [80,\n  443]\n"},
		{"a key of another name",
			"selector:\n  app: a\ncontainersX:\n  - a\n",
			"selector:\n  app: a\ncontainersX:\n  - a\n"},
		{"data of a ConfigMap, then the next document",
			"kind: ConfigMap\ndata:\n  app.yaml: |\n    replicas: 9\n---\nkind: Service\n",
			"kind: ConfigMap\ndata:\n\n\n---\nkind: Service\n"},
		{"a document's labels, not its pod template's",
			"metadata:\n  labels:\n    app: a\nspec:\n  template:\n    metadata:\n      labels:\n        app: a\n---\nlabels:\n  x: y\n",
			"metadata:\n  labels:\n\nspec:\n  template:\n    metadata:\n      labels:\n        app: a\n---\nlabels:\n  x: y\n"},
		{"a route's destinations",
			"spec:\n  http:\n    - timeout: 2s\n      route:\n        - destination:\n            host: a\n",
			"spec:\n  http:\n    - timeout: 2s\n      route:\n\n\n"},
		{"comments before a document's content, not after",
			"# head\n---\n# Source: shop/templates/a.yaml\nkind: Service\n# kept\nspec: {}\n--- # marker\n  # Source: b\nkind: Service\n",
			"\n---\n\nkind: Service\n# kept\nspec: {}\n--- # marker\n\nkind: Service\n"},
		{"CRLF",
			"ports:\r\n  - 80\r\nspec: {}\r\n",
			"ports:\r\n\nspec: {}\r\n"}, // the carriage return dropped too
		{"at the end, no final newline",
			"ports:\n  - 80",
			"ports:\n"},
	} {
		got := string(pruneUnread([]byte(tc.in)))
		if got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.name, got, tc.want)
		}
		in, out := strings.Split(tc.in, "\n"), strings.Split(got, "\n")
		if len(in) != len(out) {
			t.Errorf("%s: %d lines, want %d", tc.name, len(out), len(in))
			continue
		}
		for i := range in {
			if out[i] != in[i] && out[i] != "" {
				t.Errorf("%s: line %d is %q, want %q or nothing", tc.name, i+1, out[i], in[i])
			}
		}
	}
	src := []byte("kind: Service\nspec:\n  selector: {}\n")
	if got := pruneUnread(src); &got[0] != &src[0] {
		t.Error("nothing to prune, yet the source was copied")
	}
}

// TestPrunedLines: the lengths of a file's lines, which the model keeps
// for its positions' ends, are those of the file as written, not of the
// pruned text the parser reads.
func TestPrunedLines(t *testing.T) {
	src := []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: x\n")
	imp, errs := Kubernetes([]Source{{Name: "a.yaml", Data: src}})
	if len(errs) > 0 || len(imp.Files) != 1 {
		t.Fatal(errs, imp.Files)
	}
	if got, want := imp.Files[0].Lines, topology.LineLengths(src); !slices.Equal(got, want) {
		t.Errorf("line lengths %v, want %v", got, want)
	}
}
