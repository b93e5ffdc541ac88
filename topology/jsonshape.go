package topology

import (
	"bytes"
	"encoding/json"
)

// jsonShapeError finds where a file in HCL's JSON syntax uses a form HCL
// reads but the published schema (topology.schema.json, which editors
// check the file against) does not describe: a top-level array, or an
// array of objects where the schema has an object keyed by label (blocks
// of one type, the labels of a component's calls). Refusing them keeps
// what the loader accepts and what the schema accepts the same. It reads
// the tokens once, without building the document; "" when the shape is
// the schema's, or when the file is not JSON at all (the parser's errors
// say more).
func jsonShapeError(src []byte) (offset int, message string) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	start := func() int {
		off := int(dec.InputOffset())
		for off < len(src) && bytes.IndexByte([]byte(" \t\r\n,:"), src[off]) >= 0 {
			off++
		}
		return off
	}
	const keyed = "the published schema has an object keyed by label here, not the array form HCL also reads: write {\"NAME\": {...}}"
	// object reads an object whose member values are checked by member.
	var object func(member func(key string) string) string
	expectObject := func(at int, member func(string) string) string {
		tok, err := dec.Token()
		if err != nil {
			return "-"
		}
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			offset = at
			return keyed
		}
		return object(member)
	}
	skip := func() string {
		depth := 0
		for {
			tok, err := dec.Token()
			if err != nil {
				return "-"
			}
			if d, ok := tok.(json.Delim); ok {
				if d == '{' || d == '[' {
					depth++
				} else {
					depth--
				}
			}
			if depth == 0 {
				return ""
			}
		}
	}
	object = func(member func(key string) string) string {
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return "-"
			}
			key, _ := tok.(string)
			if msg := member(key); msg != "" {
				return msg
			}
		}
		if _, err := dec.Token(); err != nil { // the closing brace
			return "-"
		}
		return ""
	}
	labeled := func(inner func(string) string) func(string) string {
		return func(string) string { return expectObject(start(), inner) }
	}
	component := func(key string) string {
		if key == "call" {
			return expectObject(start(), labeled(func(string) string { return skip() }))
		}
		return skip()
	}
	top := func(key string) string {
		switch key {
		case "exception":
			return skip()
		case "zone", "journey":
			return expectObject(start(), labeled(func(string) string { return skip() }))
		}
		return expectObject(start(), labeled(component))
	}
	at := start()
	tok, err := dec.Token()
	if err != nil {
		return 0, ""
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return at, "a topology in JSON syntax is one object keyed by block type, as the published schema has it, not the array form HCL also reads"
	}
	// "-" is a syntax error: the parser reports it better.
	if msg := object(top); msg != "-" && msg != "" {
		return offset, msg
	}
	return 0, ""
}

// offsetPos is the line and column (in bytes, 1-based) of offset in src.
func offsetPos(file string, src []byte, offset int) Pos {
	offset = min(offset, len(src))
	line := 1 + bytes.Count(src[:offset], []byte{'\n'})
	col := offset - bytes.LastIndexByte(src[:offset], '\n')
	return Pos{File: file, Line: line, Column: col}
}
