// Package idempotency classifies operations by whether repeating them is
// safe: SQL statements that add rows or add to columns, and HTTP headers
// that carry an idempotency key. It is pure text classification with no
// knowledge of Go syntax, shared by the retryidempotent analyzer and its tests.
package idempotency

import "strings"

// SQLKind says why a SQL statement is unsafe to repeat.
type SQLKind int

const (
	// SQLSafe is a statement that can be repeated without changing the
	// outcome, or one this package cannot classify.
	SQLSafe SQLKind = iota
	// SQLInsert is an INSERT without ON CONFLICT, ON DUPLICATE KEY, IGNORE
	// or a NOT EXISTS guard: repeating it adds another row.
	SQLInsert
	// SQLIncrement is an UPDATE that sets a column relative to itself
	// (col = col + x, col = col - x): repeating it applies the change twice.
	SQLIncrement
)

// SQLVerdict is the classification of one SQL text.
type SQLVerdict struct {
	Kind SQLKind
	// Column is the column added to, for SQLIncrement.
	Column string
	// Table is the table written, when it can be read from the statement.
	Table string
}

// ClassifySQL classifies query, which may hold several statements separated
// by semicolons; the first unsafe statement decides. Text it cannot parse is
// SQLSafe, so callers report only what they understand.
func ClassifySQL(query string) SQLVerdict {
	toks := tokenize(query)
	for len(toks) > 0 {
		end := len(toks)
		for i, t := range toks {
			if t.kind == tokPunct && t.text == ";" {
				end = i
				break
			}
		}
		if v := classifyStatement(toks[:end]); v.Kind != SQLSafe {
			return v
		}
		if end == len(toks) {
			break
		}
		toks = toks[end+1:]
	}
	return SQLVerdict{}
}

type tokKind int

const (
	tokWord   tokKind = iota // keyword or identifier, lower-cased, unquoted
	tokString                // string literal
	tokNumber
	tokParam // $1, ?, :name, @p1
	tokPunct
)

type token struct {
	kind tokKind
	text string
}

// tokenize splits SQL into tokens. Quoted identifiers ("x", `x`, [x]) become
// words so that quoting does not matter; comments are dropped.
func tokenize(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '#':
			// MySQL line comment.
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return toks
			}
			i += end + 4
		case c == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				if s[j] == '\\' {
					j++
				}
				j++
			}
			toks = append(toks, token{tokString, ""})
			i = j + 1
		case c == '"' || c == '`' || c == '[':
			closer := c
			if c == '[' {
				closer = ']'
			}
			j := strings.IndexByte(s[i+1:], closer)
			if j < 0 {
				return toks
			}
			toks = append(toks, token{tokWord, strings.ToLower(s[i+1 : i+1+j])})
			i += j + 2
		case c == '$' && i+1 < len(s) && isDigit(s[i+1]):
			j := i + 1
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			toks = append(toks, token{tokParam, s[i:j]})
			i = j
		case c == '$':
			// Dollar-quoted string: $tag$ ... $tag$.
			j := strings.IndexByte(s[i+1:], '$')
			if j < 0 {
				return toks
			}
			tag := s[i : i+j+2]
			end := strings.Index(s[i+len(tag):], tag)
			if end < 0 {
				return toks
			}
			toks = append(toks, token{tokString, ""})
			i += len(tag) + end + len(tag)
		case c == '?':
			toks = append(toks, token{tokParam, "?"})
			i++
		case (c == ':' || c == '@') && i+1 < len(s) && isIdentStart(s[i+1]):
			j := i + 1
			for j < len(s) && isIdentPart(s[j]) {
				j++
			}
			toks = append(toks, token{tokParam, s[i:j]})
			i = j
		case isIdentStart(c):
			j := i
			for j < len(s) && isIdentPart(s[j]) {
				j++
			}
			toks = append(toks, token{tokWord, strings.ToLower(s[i:j])})
			i = j
		case isDigit(c):
			j := i
			for j < len(s) && (isDigit(s[j]) || s[j] == '.') {
				j++
			}
			toks = append(toks, token{tokNumber, s[i:j]})
			i = j
		default:
			if i+1 < len(s) {
				switch two := s[i : i+2]; two {
				case "||", "::", "<=", ">=", "<>", "!=":
					toks = append(toks, token{tokPunct, two})
					i += 2
					continue
				}
			}
			toks = append(toks, token{tokPunct, string(c)})
			i++
		}
	}
	return toks
}

func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || 'a' <= c|0x20 && c|0x20 <= 'z' || c >= 0x80 }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) || c == '$' }

func (t token) is(word string) bool { return t.kind == tokWord && t.text == word }
func (t token) punct(p string) bool { return t.kind == tokPunct && t.text == p }

// mainVerb skips a leading WITH clause and returns the index of the verb of
// the statement, or -1.
func mainVerb(toks []token) int {
	if len(toks) == 0 {
		return -1
	}
	if !toks[0].is("with") {
		return 0
	}
	depth := 0
	for i, t := range toks {
		switch {
		case t.punct("("):
			depth++
		case t.punct(")"):
			depth--
		case depth == 0 && t.kind == tokWord:
			switch t.text {
			case "insert", "update", "delete", "select", "merge", "upsert", "replace":
				return i
			}
		}
	}
	return -1
}

func classifyStatement(toks []token) SQLVerdict {
	i := mainVerb(toks)
	if i < 0 {
		return SQLVerdict{}
	}
	switch toks[i].text {
	case "insert":
		return classifyInsert(toks[i:])
	case "update":
		return classifyUpdate(toks[i:])
	}
	return SQLVerdict{}
}

func classifyInsert(toks []token) SQLVerdict {
	// INSERT IGNORE (MySQL), INSERT OR IGNORE / OR REPLACE (SQLite).
	if len(toks) > 1 && (toks[1].is("ignore") || toks[1].is("or")) {
		return SQLVerdict{}
	}
	for i := 1; i < len(toks); i++ {
		switch {
		case hasWords(toks[i:], "on", "conflict"),
			hasWords(toks[i:], "on", "duplicate", "key"),
			hasWords(toks[i:], "not", "exists"):
			return SQLVerdict{}
		}
	}
	table := ""
	for i := 1; i < len(toks); i++ {
		if toks[i].is("into") {
			table = qualifiedName(toks[i+1:])
			break
		}
	}
	return SQLVerdict{Kind: SQLInsert, Table: table}
}

func hasWords(toks []token, words ...string) bool {
	if len(toks) < len(words) {
		return false
	}
	for i, w := range words {
		if !toks[i].is(w) {
			return false
		}
	}
	return true
}

// qualifiedName reads schema.table at the start of toks.
func qualifiedName(toks []token) string {
	name := ""
	for i := 0; i < len(toks) && toks[i].kind == tokWord; i += 2 {
		name += toks[i].text
		if i+1 >= len(toks) || !toks[i+1].punct(".") {
			break
		}
		name += "."
	}
	return name
}

// classifyUpdate looks for SET col = col + ... (or -, in either operand
// order). An UPDATE whose WHERE clause compares one of the incremented
// columns for equality (optimistic locking on a version column) is safe:
// the second attempt matches no row.
func classifyUpdate(toks []token) SQLVerdict {
	table := qualifiedName(toks[1:])
	set := -1
	depth := 0
	for i, t := range toks {
		switch {
		case t.punct("("):
			depth++
		case t.punct(")"):
			depth--
		case depth == 0 && t.is("set"):
			set = i
		}
		if set >= 0 {
			break
		}
	}
	if set < 0 {
		return SQLVerdict{}
	}
	// Split the SET list into assignments up to WHERE/FROM/RETURNING.
	var assigns [][]token
	start := set + 1
	end := len(toks)
	depth = 0
	for i := set + 1; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.punct("("):
			depth++
		case t.punct(")"):
			depth--
		case depth == 0 && t.punct(","):
			assigns = append(assigns, toks[start:i])
			start = i + 1
		case depth == 0 && (t.is("where") || t.is("from") || t.is("returning") || t.is("limit") || t.is("order")):
			end = i
		}
		if end != len(toks) {
			break
		}
	}
	assigns = append(assigns, toks[start:end])
	where := toks[end:]

	var incremented []string
	for _, a := range assigns {
		eq := -1
		for i, t := range a {
			if t.punct("=") {
				eq = i
				break
			}
		}
		if eq < 1 || a[eq-1].kind != tokWord {
			continue
		}
		col := a[eq-1].text
		if selfArithmetic(a[eq+1:], col) {
			incremented = append(incremented, col)
		}
	}
	if len(incremented) == 0 {
		return SQLVerdict{}
	}
	for _, col := range incremented {
		if comparesEqual(where, col) {
			return SQLVerdict{}
		}
	}
	return SQLVerdict{Kind: SQLIncrement, Column: incremented[0], Table: table}
}

// selfArithmetic reports whether rhs adds to or subtracts from col: col
// appears as an operand (possibly table-qualified, possibly inside
// COALESCE) and rhs has a + or - operator.
func selfArithmetic(rhs []token, col string) bool {
	refers, arith := false, false
	for i, t := range rhs {
		if t.is(col) && (i+1 >= len(rhs) || !rhs[i+1].punct(".")) && (i+1 >= len(rhs) || !rhs[i+1].punct("(")) {
			refers = true
		}
		if t.punct("+") || t.punct("-") {
			arith = true
		}
	}
	return refers && arith
}

// comparesEqual reports whether the WHERE clause has col = ...
func comparesEqual(where []token, col string) bool {
	for i := 0; i+1 < len(where); i++ {
		if where[i].is(col) && where[i+1].punct("=") && (i == 0 || !where[i-1].punct("=")) {
			return true
		}
	}
	return false
}
