package imports

import "bytes"

// unreadKeys are the keys of manifests whose values the Kubernetes reader
// never looks at, and which hold most of a rendered chart's bytes: a pod's
// containers and volumes, a Service's ports, a StatefulSet's claim
// templates, a ConfigMap's or a Secret's data; each with the top-level key
// of its document it must be below, or "" for anywhere.
var unreadKeys = map[string]string{
	"containers": "", "initContainers": "", "ephemeralContainers": "",
	"volumes": "", "volumeClaimTemplates": "", "ports": "",
	"data": "", "stringData": "", "binaryData": "",
	// Only below these top-level keys: a document's own labels (a pod
	// template's, below spec, are read) and a route's destinations.
	"labels": "metadata", "route": "spec",
}

// pruneUnread blanks the lines of the values of unreadKeys, so that the
// YAML parser, whose node trees are most of the cost of reading
// manifests, does not build what nothing reads. Every other line keeps
// its number and content, so every position stays where it was.
//
// A key is pruned when it is alone on its line in block style
// (`  containers:`, a comment allowed after it); its value is the lines
// after it that are blank, comments, more indented than the key, or at
// its indentation and starting a sequence item (`- name: app`), which
// YAML allows under a key. The value is left alone when it holds an
// anchor or an alias (a `&` or `*` anywhere: an alias elsewhere may
// name an anchor inside it) or a tab. What is left is the key with an
// empty value. A syntax error inside a pruned value is not reported.
// A pruned line is left empty (its newline kept), not filled with
// spaces, so that the parser does not read them: a line not pruned keeps
// its number and its columns, but not its byte offset.
// src is not modified; it is returned as it is when nothing is pruned.
func pruneUnread(src []byte) []byte {
	var out []byte
	kept := 0      // the end of what of src is in out
	start := 0     // of the line
	top := ""      // the document's top-level key the line is below
	prefix := true // before a document's content: a "#" starts a comment
	blank := func(from, to int) {
		if out == nil {
			out = make([]byte, 0, len(src))
		}
		out = append(out, src[kept:from]...)
		for _, c := range src[from:to] {
			if c == '\n' {
				out = append(out, '\n')
			}
		}
		kept = to
	}
	for start < len(src) {
		end := lineEnd(src, start)
		line := src[start:end]
		if k, ok := topKey(line); ok {
			top = k
			rest := bytes.TrimSpace(bytes.TrimPrefix(line, []byte("---")))
			prefix = k == "" && bytes.HasPrefix(line, []byte("---")) && (len(rest) == 0 || rest[0] == '#')
		} else if body := bytes.TrimLeft(line, " "); prefix && len(body) > 0 && body[0] == '#' {
			blank(start, end) // helm template's "# Source: chart/templates/x.yaml"
		} else if len(bytes.TrimSpace(body)) > 0 {
			prefix = false
		}
		indent, ok := unreadKey(line, top)
		if !ok {
			start = next(src, end)
			continue
		}
		// The value: the lines after the key that belong to it, up to
		// the last one that is not blank or a comment.
		from := next(src, end)
		last, clean := from, true
	value:
		for p := from; p < len(src); p = next(src, lineEnd(src, p)) {
			line := src[p:lineEnd(src, p)]
			body := bytes.TrimLeft(line, " ")
			in := len(line) - len(body)
			switch {
			case len(bytes.TrimSpace(body)) == 0 || body[0] == '#':
				// blank or a comment: part of the value if more follows
			case in > indent || in == indent && (bytes.HasPrefix(body, []byte("- ")) || bytes.Equal(bytes.TrimRight(body, "\r"), []byte("-"))):
				clean = clean && !bytes.ContainsAny(line, "&*\t")
				last = next(src, lineEnd(src, p))
			default:
				break value
			}
		}
		if clean && last > from {
			blank(from, last)
		}
		start = max(last, from)
	}
	if out == nil {
		return src
	}
	return append(out, src[kept:]...)
}

// unreadKey reports whether line is `KEY:` for one of unreadKeys below
// the top-level key top, in block style with nothing but a comment after
// it, and its indentation.
func unreadKey(line []byte, top string) (int, bool) {
	body := bytes.TrimLeft(line, " ")
	indent := len(line) - len(body)
	colon := bytes.IndexByte(body, ':')
	if colon <= 0 {
		return 0, false
	}
	below, found := unreadKeys[string(body[:colon])]
	if !found || below != "" && (indent == 0 || below != top) {
		return 0, false
	}
	rest := bytes.TrimSpace(body[colon+1:])
	return indent, len(rest) == 0 || rest[0] == '#'
}

// topKey is the key a line at the top level of a document starts ("" for
// a document marker, which ends the document).
func topKey(line []byte) (string, bool) {
	switch {
	case len(line) == 0 || line[0] == ' ' || line[0] == '#' || line[0] == '\r':
		return "", false
	case bytes.HasPrefix(line, []byte("---")), bytes.HasPrefix(line, []byte("...")):
		return "", true
	}
	if colon := bytes.IndexByte(line, ':'); colon > 0 {
		return string(line[:colon]), true
	}
	return "", false
}

func lineEnd(src []byte, start int) int {
	if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
		return start + i
	}
	return len(src)
}

func next(src []byte, end int) int { return min(end+1, len(src)) }
