package imports

import (
	"bytes"
	"strings"

	"go.yaml.in/yaml/v3"
)

// fastYAML builds the root mapping of each document of src as the YAML
// package's decoder builds it (kind, tag, style, value, line and column
// of every node; not the comments, which no reader reads), when src is
// in the plain block style that rendered manifests are in: block
// mappings and sequences, one key per line, plain scalars on one line,
// quoted scalars without escapes on one line, and the empty flow
// collections {} and []. It returns false for anything else (anchors and
// aliases, tags, block and multi-line scalars, flow collections, tabs,
// carriage returns, control characters and bytes beyond ASCII,
// directives, a document that is not a mapping, maxDocuments documents
// or more, a syntax error), and the caller leaves src to the YAML
// package, so that what it reports or limits is still reported and
// limited. FuzzFastYAML checks that what it reads the YAML package
// reads the same.
//
// The YAML package spends most of reading a file of manifests on its
// tokens and events; this reads each line once.
func fastYAML(src []byte) ([]*yaml.Node, bool) {
	for _, c := range src {
		if c >= 0x7f || c < ' ' && c != '\n' {
			return nil, false
		}
	}
	p := &fastParser{text: string(src), src: src}
	var docs []*yaml.Node
	for line, start := 1, 0; start < len(src); line++ {
		end := lineEnd(src, start)
		text := src[start:end]
		start = next(src, end)
		body := bytes.TrimLeft(text, " ")
		if len(body) == 0 || body[0] == '#' {
			continue
		}
		indent := len(text) - len(body)
		if indent == 0 && (bytes.HasPrefix(body, []byte("---")) || bytes.HasPrefix(body, []byte("..."))) {
			if body[0] == '.' || len(body) > 3 && (body[3] != ' ' || !emptyRest(body[3:])) {
				return nil, false
			}
			if ok := p.document(&docs); !ok {
				return nil, false
			}
			continue
		}
		if body[0] == '%' && indent == 0 {
			return nil, false
		}
		p.lines = append(p.lines, fastLine{indent: indent, body: body, line: line})
	}
	if ok := p.document(&docs); !ok || len(docs) >= maxDocuments {
		return nil, false
	}
	return docs, true
}

// emptyRest reports whether what follows a token on its line is nothing
// or a comment.
func emptyRest(b []byte) bool {
	b = bytes.TrimLeft(b, " ")
	return len(b) == 0 || b[0] == '#'
}

// fastLine is a line with content: its indentation and what follows.
type fastLine struct {
	indent int
	body   []byte
	line   int
}

type fastParser struct {
	lines []fastLine // of the document being read
	i     int
	ok    bool
	text  string      // src, which the values are substrings of
	src   []byte      // the start of src, to find a value's offset
	nodes []yaml.Node // allocated, not yet used
}

// node is a new node; nodes are allocated many at a time (a file's are
// garbage together once it is read).
func (p *fastParser) node(kind yaml.Kind, tag string, line, col int) *yaml.Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]yaml.Node, 64)
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	n.Kind, n.Tag, n.Line, n.Column = kind, tag, line, col
	return n
}

// str is b, a part of src, as a part of the one string of src: no copy.
func (p *fastParser) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	off := cap(p.src) - cap(b)
	return p.text[off : off+len(b)]
}

// document reads the lines gathered since the last document marker as
// one document; a document of a mapping is added to docs.
func (p *fastParser) document(docs *[]*yaml.Node) bool {
	defer func() { p.lines, p.i = p.lines[:0], 0 }()
	if len(p.lines) == 0 {
		return true
	}
	p.ok = true
	n := p.block(0)
	if !p.ok || p.i != len(p.lines) || n == nil || n.Kind != yaml.MappingNode {
		return false
	}
	*docs = append(*docs, n)
	return true
}

// block reads the mapping or sequence starting at the current line,
// which is indented at least min.
func (p *fastParser) block(min int) *yaml.Node {
	l := p.lines[p.i]
	if l.indent < min {
		p.ok = false
		return nil
	}
	if isItem(l.body) {
		return p.sequence(l.indent)
	}
	return p.mapping(l.indent)
}

func isItem(body []byte) bool {
	return body[0] == '-' && (len(body) == 1 || body[1] == ' ')
}

func (p *fastParser) mapping(indent int) *yaml.Node {
	l := p.lines[p.i]
	m := p.node(yaml.MappingNode, "!!map", l.line, indent+1)
	for p.ok && p.i < len(p.lines) {
		l = p.lines[p.i]
		if l.indent < indent {
			break
		}
		if l.indent > indent || isItem(l.body) {
			p.ok = false
			break
		}
		colon := keyEnd(l.body)
		if colon < 0 {
			p.ok = false
			break
		}
		key := p.node(yaml.ScalarNode, "", l.line, indent+1)
		key.Value = p.str(l.body[:colon])
		key.Tag = plainTag(key)
		p.i++
		var val *yaml.Node
		rest := l.body[colon+1:]
		if emptyRest(rest) {
			switch {
			case p.i < len(p.lines) && p.lines[p.i].indent > indent:
				val = p.block(indent + 1)
			case p.i < len(p.lines) && p.lines[p.i].indent == indent && isItem(p.lines[p.i].body):
				val = p.sequence(indent)
			default:
				val = p.node(yaml.ScalarNode, "!!null", l.line, indent+colon+2)
			}
		} else {
			val = p.scalar(rest, indent, l.line, indent+colon+2)
		}
		if val == nil {
			p.ok = false
			break
		}
		m.Content = append(m.Content, key, val)
	}
	return m
}

func (p *fastParser) sequence(indent int) *yaml.Node {
	l := p.lines[p.i]
	s := p.node(yaml.SequenceNode, "!!seq", l.line, indent+1)
	for p.ok && p.i < len(p.lines) {
		l = p.lines[p.i]
		if l.indent < indent || l.indent == indent && !isItem(l.body) {
			break
		}
		if l.indent > indent {
			p.ok = false
			break
		}
		rest := l.body[1:]
		item := bytes.TrimLeft(rest, " ")
		var val *yaml.Node
		switch {
		case emptyRest(rest):
			p.i++
			if p.i < len(p.lines) && p.lines[p.i].indent > indent {
				val = p.block(indent + 1)
			} else {
				val = p.node(yaml.ScalarNode, "!!null", l.line, indent+2)
			}
		case keyEnd(item) >= 0 && !isItem(item):
			// "- key: value": a mapping at the column of its key, which
			// the lines after it at that column continue.
			col := indent + 1 + len(rest) - len(item)
			p.lines[p.i] = fastLine{indent: col, body: item, line: l.line}
			val = p.mapping(col)
		default:
			p.i++
			val = p.scalar(rest, indent, l.line, indent+2)
		}
		if val == nil {
			p.ok = false
			break
		}
		s.Content = append(s.Content, val)
	}
	return s
}

// maxKey is beyond the longest key fastYAML reads: the YAML package reads
// no key of 1,024 characters or more without a "?" before it.
const maxKey = 1000

// keyEnd is the offset of the colon ending the plain key that body
// starts with, -1 when body is not "key:" or "key: ...".
func keyEnd(body []byte) int {
	if !plainStart(body) {
		return -1
	}
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case ':':
			if i+1 == len(body) || body[i+1] == ' ' {
				// The YAML package takes no longer keys on one line.
				if i == 0 || body[i-1] == ' ' || i > maxKey {
					return -1
				}
				return i
			}
		case '#':
			if body[i-1] == ' ' {
				return -1
			}
		}
	}
	return -1
}

// plainStart reports whether a plain scalar may start body (which is not
// empty), leaving out what the YAML package would read otherwise.
func plainStart(body []byte) bool {
	switch body[0] {
	case '-', '?', ':':
		return len(body) > 1 && body[1] != ' '
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// scalar reads the value after a key or a sequence item's dash indented
// by indent, at column col (of the first byte of rest); nil when it is not
// on one line or not in the subset fastYAML reads.
func (p *fastParser) scalar(rest []byte, indent, line, col int) *yaml.Node {
	v := bytes.TrimLeft(rest, " ")
	col += len(rest) - len(v)
	// A line indented further would continue it (or be an error).
	if p.i < len(p.lines) && p.lines[p.i].indent > indent {
		return nil
	}
	n := p.node(yaml.ScalarNode, "", line, col)
	switch {
	case v[0] == '"' || v[0] == '\'':
		end := bytes.IndexByte(v[1:], v[0]) + 1
		if end == 0 || bytes.IndexByte(v[:end], '\\') >= 0 || !emptyRest(v[end+1:]) || len(v) > end+1 && v[end+1] != ' ' {
			return nil
		}
		n.Value, n.Tag, n.Style = p.str(v[1:end]), "!!str", yaml.DoubleQuotedStyle
		if v[0] == '\'' {
			n.Style = yaml.SingleQuotedStyle
		}
		return n
	case emptyFlow(v, "{}"):
		n.Kind, n.Tag, n.Style = yaml.MappingNode, "!!map", yaml.FlowStyle
		return n
	case emptyFlow(v, "[]"):
		n.Kind, n.Tag, n.Style = yaml.SequenceNode, "!!seq", yaml.FlowStyle
		return n
	case !plainStart(v):
		return nil
	}
	end := len(v)
	for i := 0; i < len(v); i++ {
		if v[i] == ':' && (i+1 == len(v) || v[i+1] == ' ') {
			return nil // "mapping values are not allowed in this context"
		}
		if v[i] == '#' && v[i-1] == ' ' {
			end = i
			break
		}
	}
	n.Value = p.str(bytes.TrimRight(v[:end], " "))
	n.Tag = plainTag(n)
	return n
}

// plainTag is the tag the YAML package resolves a plain scalar to: a
// string unless its first character is one its resolver looks further at
// (a sign, a digit, a dot, ~, < or the first letter of a boolean or of
// null).
func plainTag(n *yaml.Node) string {
	if n.Value != "" && !strings.ContainsRune("+-.0123456789yYnNtTfFoO~<", rune(n.Value[0])) {
		return "!!str"
	}
	return n.ShortTag()
}

func emptyFlow(v []byte, pair string) bool {
	return bytes.HasPrefix(v, []byte(pair)) && emptyRest(v[2:]) && (len(v) == 2 || v[2] == ' ')
}
