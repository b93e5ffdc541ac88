// Package hclschema is nines' one HCL decoding layer: it turns HCL files
// into the plain document a JSON Schema validates (maps, lists, strings,
// numbers, booleans) while keeping the source position behind every JSON
// pointer, so that each violation is reported at the file:line:col of the
// block or attribute it concerns. The topology loader (topology) and the
// configuration loader (internal/driver/config) both stand on it:
//
//   - ScanNesting bounds the nesting before the recursive parsers run,
//     and finds where a large file can be cut between top-level blocks;
//   - BlocksOf reads a language's block types, labels and attributes from
//     its JSON Schema, so that they are written once, there;
//   - ToGo, FromDiagnostics, Positions and Leaves convert values, HCL's
//     diagnostics, positions and schema errors the same way for both;
//   - Decode and Doc.Validate decode and check a file whose whole shape
//     is given by the schema (the configuration file); the topology
//     loader, which also reads HCL's JSON syntax, cuts large files and
//     counts blocks, decodes with HCL's body schemas instead, so that
//     unknown names get HCL's own errors.
//
// The package is pure: it takes bytes and returns values and errors.
package hclschema

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Pos is a position in a file; Line 0 names only the file.
type Pos struct {
	File         string
	Line, Column int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Error is one invalid-input error.
type Error struct {
	Pos     Pos
	Message string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Message }

// ErrorList is every error found in a file, sorted by position.
type ErrorList []*Error

func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Add appends an error at p.
func (l *ErrorList) Add(p Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: p, Message: fmt.Sprintf(format, args...)})
}

// Sorted returns the list sorted by position and message, without
// repeats.
func (l ErrorList) Sorted() ErrorList {
	out := slices.Clone(l)
	slices.SortStableFunc(out, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.CompactFunc(out, func(a, b *Error) bool { return *a == *b })
}

// Shape says how the blocks of one type appear in the document.
//
//   - Labels > 0: `TYPE "a" "b" { ... }` becomes doc[TYPE][a][b], one
//     block per label tuple.
//   - List: unlabeled blocks that may repeat; doc[TYPE] is an array.
//   - Otherwise: one unlabeled block, doc[TYPE] is an object.
type Shape struct {
	Labels     int
	LabelNames []string // for messages: `analyzer block needs a label: the name`
	List       bool
}

// Limits bound what Decode accepts, so that a hostile file fails with an
// error instead of exhausting the stack or the CPU.
type Limits struct {
	MaxBytes int // default 1 MiB
	MaxDepth int // bracket and template nesting; default 32
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 1 << 20
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = 32
	}
	return l
}

type nodeKind int

const (
	attrNode nodeKind = iota
	blockNode
	groupNode // doc[TYPE] of labeled or list blocks
)

type node struct {
	pos  Pos
	kind nodeKind
}

// Doc is one decoded file.
type Doc struct {
	File   string
	Value  map[string]any // what the schema validates
	shapes map[string]Shape
	nodes  map[string]node // by JSON pointer
}

// Decode parses HCL native syntax and converts it into a Doc. Attribute
// values must be constants (literals, lists, objects, strings without
// interpolation of anything but constants): no variables, functions or
// for expressions, so a configuration cannot compute anything.
func Decode(file string, src []byte, shapes map[string]Shape, lim Limits) (*Doc, ErrorList) {
	lim = lim.withDefaults()
	var errs ErrorList
	if len(src) > lim.MaxBytes {
		errs.Add(Pos{File: file}, "file is %d bytes, over the limit of %d", len(src), lim.MaxBytes)
		return nil, errs
	}
	if p, ok, _ := ScanNesting(src, lim.MaxDepth); !ok {
		p.File = file
		errs.Add(p, "nested more than %d levels deep", lim.MaxDepth)
		return nil, errs
	}
	f, diags := hclsyntax.ParseConfig(src, file, hcl.InitialPos)
	errs = append(errs, FromDiagnostics(file, diags)...)
	if diags.HasErrors() || f == nil {
		return nil, errs.Sorted()
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		errs.Add(Pos{File: file}, "cannot read the file as HCL native syntax")
		return nil, errs
	}
	d := &Doc{File: file, shapes: shapes, nodes: map[string]node{"": {pos: Pos{File: file, Line: 1, Column: 1}, kind: blockNode}}}
	d.Value = d.body(body, "", &errs)
	return d, errs.Sorted()
}

func (d *Doc) pos(r hcl.Range) Pos {
	return Pos{File: d.File, Line: r.Start.Line, Column: r.Start.Column}
}

func (d *Doc) body(b *hclsyntax.Body, ptr string, errs *ErrorList) map[string]any {
	obj := map[string]any{}
	names := make([]string, 0, len(b.Attributes))
	for name := range b.Attributes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		a := b.Attributes[name]
		p := d.pos(a.NameRange)
		d.nodes[ptr+"/"+Escape(name)] = node{pos: p, kind: attrNode}
		v, err := constValue(a.Expr)
		if err != nil {
			errs.Add(d.pos(a.Expr.Range()), "%s: %v", name, err)
			continue
		}
		if v != nil {
			obj[name] = v
		}
	}
	for _, blk := range b.Blocks {
		p := d.pos(blk.TypeRange)
		if first, ok := b.Attributes[blk.Type]; ok {
			errs.Add(p, "%s is already set as an attribute at %s", blk.Type, d.pos(first.NameRange))
			continue
		}
		shape, known := d.shapes[blk.Type]
		if !known {
			shape = Shape{Labels: len(blk.Labels)}
		}
		if len(blk.Labels) != shape.Labels {
			errs.Add(p, "%s", labelMessage(blk.Type, shape, len(blk.Labels)))
			continue
		}
		typePtr := ptr + "/" + Escape(blk.Type)
		switch {
		case shape.List:
			list, _ := obj[blk.Type].([]any)
			if list == nil {
				d.nodes[typePtr] = node{pos: p, kind: groupNode}
			}
			itemPtr := fmt.Sprintf("%s/%d", typePtr, len(list))
			d.nodes[itemPtr] = node{pos: p, kind: blockNode}
			obj[blk.Type] = append(list, d.body(blk.Body, itemPtr, errs))
		case shape.Labels == 0:
			if n, dup := d.nodes[typePtr]; dup {
				errs.Add(p, "%s block is already declared at %s", blk.Type, n.pos)
				continue
			}
			d.nodes[typePtr] = node{pos: p, kind: blockNode}
			obj[blk.Type] = d.body(blk.Body, typePtr, errs)
		default:
			group, _ := obj[blk.Type].(map[string]any)
			if group == nil {
				group = map[string]any{}
				obj[blk.Type] = group
				d.nodes[typePtr] = node{pos: p, kind: groupNode}
			}
			itemPtr := typePtr
			for i, label := range blk.Labels {
				itemPtr += "/" + Escape(label)
				if i == len(blk.Labels)-1 {
					break
				}
				inner, _ := group[label].(map[string]any)
				if inner == nil {
					inner = map[string]any{}
					group[label] = inner
					d.nodes[itemPtr] = node{pos: p, kind: groupNode}
				}
				group = inner
			}
			last := blk.Labels[len(blk.Labels)-1]
			if n, dup := d.nodes[itemPtr]; dup && n.kind == blockNode {
				errs.Add(p, "%s %s is already declared at %s", blk.Type, quoteLabels(blk.Labels), n.pos)
				continue
			}
			d.nodes[itemPtr] = node{pos: p, kind: blockNode}
			group[last] = d.body(blk.Body, itemPtr, errs)
		}
	}
	return obj
}

func labelMessage(typ string, s Shape, got int) string {
	switch {
	case s.Labels == 0:
		return fmt.Sprintf("%s block takes no labels", typ)
	case len(s.LabelNames) == s.Labels:
		return fmt.Sprintf("%s block needs %d label (%s), not %d", typ, s.Labels, strings.Join(s.LabelNames, ", "), got)
	}
	return fmt.Sprintf("%s block needs %d label, not %d", typ, s.Labels, got)
}

func quoteLabels(labels []string) string {
	q := make([]string, len(labels))
	for i, l := range labels {
		q[i] = fmt.Sprintf("%q", l)
	}
	return strings.Join(q, " ")
}

// Escape escapes one JSON pointer token.
func Escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Pointer joins tokens into a JSON pointer.
func Pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(Escape(t))
	}
	return b.String()
}

// Pos returns the position of what is at the JSON pointer made of tokens,
// or of its nearest ancestor that has one.
func (d *Doc) Pos(tokens ...string) Pos {
	for n := len(tokens); n >= 0; n-- {
		if nd, ok := d.nodes[Pointer(tokens[:n]...)]; ok {
			return nd.pos
		}
	}
	return Pos{File: d.File, Line: 1, Column: 1}
}

// FromDiagnostics turns HCL's error diagnostics into errors at the start
// of their subject, worded in go vet's style: "summary: detail", lowercase,
// without the final period.
func FromDiagnostics(file string, ds hcl.Diagnostics) ErrorList {
	var errs ErrorList
	for _, d := range ds {
		if d.Severity != hcl.DiagError {
			continue
		}
		p := Pos{File: file}
		if d.Subject != nil {
			p = Pos{File: file, Line: d.Subject.Start.Line, Column: d.Subject.Start.Column}
		}
		msg := LowerFirst(strings.TrimSuffix(d.Summary, "."))
		if d.Detail != "" {
			msg += ": " + LowerFirst(strings.TrimSuffix(d.Detail, "."))
		}
		errs.Add(p, "%s", msg)
	}
	return errs
}

// LowerFirst lowers the first letter of a message taken from a library,
// unless it starts an acronym.
func LowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || (len(s) > n && unicode.IsUpper(rune(s[n]))) {
		return s // an acronym such as "JSON" stays as it is
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// constValue evaluates an expression that may only hold constants.
func constValue(e hclsyntax.Expression) (any, error) {
	var bad hclsyntax.Node
	bareKeys := map[hclsyntax.Node]bool{} // { name = 1 }: the key is a bare word, not a variable
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.LiteralValueExpr, *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr,
			*hclsyntax.TupleConsExpr, *hclsyntax.ObjectConsExpr,
			*hclsyntax.ParenthesesExpr, *hclsyntax.UnaryOpExpr:
		case *hclsyntax.ObjectConsKeyExpr:
			if t, ok := n.Wrapped.(*hclsyntax.ScopeTraversalExpr); ok && len(t.Traversal) == 1 && !n.ForceNonLiteral {
				bareKeys[t] = true
			}
		default:
			if bad == nil && !bareKeys[n] {
				bad = n
			}
		}
		return nil
	})
	if bad != nil {
		return nil, fmt.Errorf("only constant values are allowed here")
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s", LowerFirst(strings.TrimSuffix(diags[0].Summary, ".")))
	}
	return ToGo(v, configValues)
}

// Values says how ToGo converts a value.
type Values struct {
	MaxDepth int // lists and objects nested deeper are an error
	// KeepNullFields keeps the null fields of an object, as a JSON decoder
	// does; without it they are dropped like null attributes.
	KeepNullFields bool
}

// configValues is how Decode converts attribute values.
var configValues = Values{MaxDepth: 16}

// ToGo converts a value to what a JSON decoder would produce, with int64
// for integral numbers. A null is nil.
func ToGo(v cty.Value, o Values) (any, error) {
	return toGo(v, o, 0)
}

func toGo(v cty.Value, o Values, depth int) (any, error) {
	if depth > o.MaxDepth {
		return nil, fmt.Errorf("value nested too deeply")
	}
	if v.IsNull() {
		return nil, nil
	}
	if !v.IsWhollyKnown() {
		return nil, fmt.Errorf("value must be a constant")
	}
	v, _ = v.Unmark()
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString(), nil
	case t == cty.Bool:
		return v.True(), nil
	case t == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			if i, acc := bf.Int64(); acc == big.Exact {
				return i, nil
			}
		}
		f, _ := bf.Float64()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("number out of range")
		}
		return f, nil
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		out := []any{}
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			g, err := toGo(ev, o, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, g)
		}
		return out, nil
	case t.IsObjectType() || t.IsMapType():
		out := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			g, err := toGo(ev, o, depth+1)
			if err != nil {
				return nil, err
			}
			if g != nil || o.KeepNullFields {
				out[k.AsString()] = g
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported value of type %s", t.FriendlyName())
}

// Positions maps JSON pointers into a decoded document to the positions
// of what they point at in the source.
type Positions map[string]Pos

// Add records p for ptr unless ptr has a position already: the first
// declaration wins.
func (ps Positions) Add(ptr string, p Pos) {
	if _, ok := ps[ptr]; !ok {
		ps[ptr] = p
	}
}

// Nearest returns the position of the pointer made of tokens, or of its
// nearest ancestor that has one.
func (ps Positions) Nearest(tokens []string) (Pos, bool) {
	for n := len(tokens); n >= 0; n-- {
		if p, ok := ps[Pointer(tokens[:n]...)]; ok {
			return p, true
		}
	}
	return Pos{}, false
}
