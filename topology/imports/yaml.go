package imports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nines-dev/nines/topology"
)

// Limits of one YAML file, beside the topology loader's file size limits.
const (
	// maxDocuments bounds the documents of one file (helm template
	// output of a large chart is a few hundred).
	maxDocuments = 10_000
	// maxAliases bounds the aliases a reader follows in one file, so that
	// a document of aliases to aliases (a "billion laughs") costs nothing.
	maxAliases = 10_000
)

// yfile is one parsed YAML file: its documents and what reading it found.
type yfile struct {
	name    string
	docs    []*yaml.Node // the root mapping of each non-empty document
	lines   []int        // the byte length of every line
	aliases int
	errs    topology.ErrorList
	// sink, when set, takes the errors of values instead of errs (not
	// that of the alias limit, which stays in errs).
	sink *topology.ErrorList
}

var yamlLine = regexp.MustCompile(`(?:yaml: )?line (\d+): (.*)`)

// parseYAML reads every document of src, whose lines are as long as
// lines says (those of src when nil). A syntax error ends the file with
// one positioned error.
func parseYAML(name string, src []byte, lines []int) *yfile {
	if lines == nil {
		lines = topology.LineLengths(src)
	}
	f := &yfile{name: name, lines: lines}
	if docs, ok := fastYAML(src); ok {
		f.docs = docs
		return f
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return f
		}
		if err != nil {
			p := topology.Pos{File: name, Line: 1, Column: 1}
			msg := err.Error()
			if m := yamlLine.FindStringSubmatch(msg); m != nil {
				p.Line, _ = strconv.Atoi(m[1])
				msg = m[2]
				if parserError(msg) {
					// The YAML package counts the lines of its parser's
					// errors (not its scanner's) from zero.
					p.Line++
				}
				// The end of the input is on the last line.
				p.Line = max(1, min(p.Line, len(f.lines)))
			}
			f.errs = append(f.errs, &topology.Error{Pos: p, Message: "invalid YAML: " + msg})
			return f
		}
		if len(f.docs) >= maxDocuments {
			f.errorf(&doc, "more than %d YAML documents in one file", maxDocuments)
			return f
		}
		if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
			f.docs = append(f.docs, doc.Content[0])
		}
	}
}

// parserError reports whether msg is one of the YAML parser's errors
// (the scanner's read differently: "mapping values are not allowed…",
// "found character that cannot start any token"…).
func parserError(msg string) bool {
	for _, p := range []string{"did not find expected", "found undefined tag handle", "found duplicate %", "found incompatible YAML"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func (f *yfile) pos(n *yaml.Node) topology.Pos {
	if n == nil {
		return topology.Pos{File: f.name, Line: 1, Column: 1}
	}
	return topology.Pos{File: f.name, Line: n.Line, Column: n.Column}
}

func (f *yfile) errorf(n *yaml.Node, format string, args ...any) {
	e := &topology.Error{Pos: f.pos(n), Message: fmt.Sprintf(format, args...)}
	if f.sink != nil {
		*f.sink = append(*f.sink, e)
		return
	}
	f.errs = append(f.errs, e)
}

// deref follows an alias, counting it against maxAliases.
func (f *yfile) deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		if f.aliases++; f.aliases > maxAliases {
			if f.aliases == maxAliases+1 {
				f.errs = append(f.errs, &topology.Error{Pos: f.pos(n), Message: fmt.Sprintf("more than %d YAML aliases in one file", maxAliases)})
			}
			return nil
		}
		n = n.Alias
	}
	return n
}

// get is the value of key in mapping n (through aliases and one level of
// "<<" merge keys), and the key's node; nil when absent.
func (f *yfile) get(n *yaml.Node, key string) (val, keyNode *yaml.Node) {
	n = f.deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	var merged []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Value == key {
			return f.deref(n.Content[i+1]), k
		}
		if k.Value == "<<" {
			merged = append(merged, n.Content[i+1])
		}
	}
	for _, m := range merged {
		m = f.deref(m)
		if m == nil {
			continue
		}
		if m.Kind == yaml.SequenceNode {
			for _, e := range m.Content {
				if v, k := f.getDirect(e, key); v != nil {
					return v, k
				}
			}
			continue
		}
		if v, k := f.getDirect(m, key); v != nil {
			return v, k
		}
	}
	return nil, nil
}

func (f *yfile) getDirect(n *yaml.Node, key string) (val, keyNode *yaml.Node) {
	n = f.deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return f.deref(n.Content[i+1]), n.Content[i]
		}
	}
	return nil, nil
}

// path follows keys from n.
func (f *yfile) path(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n, _ = f.get(n, k)
		if n == nil {
			return nil
		}
	}
	return n
}

// str is a scalar's text ("" when n is not a scalar).
func (f *yfile) str(n *yaml.Node) string {
	n = f.deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// items are a sequence's elements (nil when n is not a sequence).
func (f *yfile) items(n *yaml.Node) []*yaml.Node {
	n = f.deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, e := range n.Content {
		if e = f.deref(e); e != nil {
			out = append(out, e)
		}
	}
	return out
}

// integer decodes a whole number; what holds something else is an error
// at its position, named by what.
func (f *yfile) integer(n *yaml.Node, what string) (int64, bool) {
	n = f.deref(n)
	if n == nil {
		return 0, false
	}
	var v int64
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		f.errorf(n, "%s must be a whole number, not %s", what, describe(n))
		return 0, false
	}
	return v, true
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}
