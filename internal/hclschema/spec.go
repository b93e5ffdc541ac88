package hclschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Block is a block type of an HCL language whose decoded form a JSON
// Schema describes, or the file's top level (Type ""). BlocksOf reads it
// from the schema, so that the names, types and docs of attributes are
// written once, in the schema, and the HCL body schemas, the lists of
// attributes of one kind and the reference docs follow from it.
//
// A property of an object schema is
//   - a group of labeled blocks when it carries "x-hcl-label" (the
//     label's name, for messages): an object whose additionalProperties
//     is the block's body, doc[TYPE][LABEL];
//   - a list of unlabeled blocks when it carries "x-hcl-repeated": true:
//     an array whose items are the block's body, doc[TYPE][i];
//   - otherwise an attribute.
//
// Both keywords may sit on the property or on the definition its $ref
// names. Order is the schema's, which is the order of HCL's suggestions
// ("did you mean").
type Block struct {
	Type        string
	Label       string // the label's name; "" for unlabeled blocks
	List        bool   // unlabeled and repeatable
	Description string
	Attrs       []*Attr
	Blocks      []*Block
	// Body is the hcl.BodySchema of the block's body.
	Body *hcl.BodySchema

	attrs  map[string]*Attr
	blocks map[string]*Block
}

// Attr is an attribute as the schema describes it.
type Attr struct {
	Name        string
	Description string
	Ref         string   // the $defs entry the attribute's schema refers to, if any
	Type        []string // its JSON Schema types, following $ref; none for an enum
	Enum        []any
	Items       *Attr // of an array
	Default     any   // the "default" annotation: string, int64, float64 or bool
	HasDefault  bool
	Required    bool
}

// Block returns the nested block type typ, or nil.
func (b *Block) Block(typ string) *Block { return b.blocks[typ] }

// Attr returns the attribute name, or nil.
func (b *Block) Attr(name string) *Attr { return b.attrs[name] }

// Walk calls f for b and every block type nested in it, outermost first.
func (b *Block) Walk(f func(*Block)) {
	f(b)
	for _, c := range b.Blocks {
		c.Walk(f)
	}
}

// AttrsWithRef returns the names of the attributes of b and its nested
// blocks whose schema is the $defs entry ref, each once, in schema order.
func (b *Block) AttrsWithRef(ref string) []string {
	var names []string
	seen := map[string]bool{}
	b.Walk(func(blk *Block) {
		for _, a := range blk.Attrs {
			if a.Ref == ref && !seen[a.Name] {
				seen[a.Name] = true
				names = append(names, a.Name)
			}
		}
	})
	return names
}

// BlocksOf reads the language a JSON Schema document describes.
func BlocksOf(schemaJSON []byte) (*Block, error) {
	v, err := decodeOrdered(json.NewDecoder(bytes.NewReader(schemaJSON)))
	if err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	root, ok := v.(*object)
	if !ok {
		return nil, errors.New("reading the schema: not an object")
	}
	r := &reader{root: root}
	b := &Block{}
	if err := r.body(b, root, 0); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	return b, nil
}

type reader struct{ root *object }

// resolve follows the $ref of s, if any, to a definition of the root.
func (r *reader) resolve(s *object) (target *object, ref string, err error) {
	p, ok := s.vals["$ref"].(string)
	if !ok {
		return s, "", nil
	}
	name, ok := strings.CutPrefix(p, "#/$defs/")
	if !ok {
		return nil, "", fmt.Errorf("$ref %q: only local definitions are supported", p)
	}
	defs, _ := r.root.vals["$defs"].(*object)
	if defs == nil {
		return nil, "", fmt.Errorf("$ref %q: no $defs", p)
	}
	t, _ := defs.vals[name].(*object)
	if t == nil {
		return nil, "", fmt.Errorf("$ref %q: no such definition", p)
	}
	return t, name, nil
}

// lookup returns key of s, or of the definition s refers to.
func (r *reader) lookup(s *object, key string) any {
	if v, ok := s.vals[key]; ok {
		return v
	}
	if t, _, err := r.resolve(s); err == nil && t != s {
		return t.vals[key]
	}
	return nil
}

func (r *reader) body(b *Block, s *object, depth int) error {
	if depth > 8 {
		return errors.New("blocks nested too deeply")
	}
	s, _, err := r.resolve(s)
	if err != nil {
		return err
	}
	b.Body = &hcl.BodySchema{}
	b.attrs, b.blocks = map[string]*Attr{}, map[string]*Block{}
	required := map[string]bool{}
	if req, ok := s.vals["required"].([]any); ok {
		for _, n := range req {
			if n, ok := n.(string); ok {
				required[n] = true
			}
		}
	}
	props, _ := s.vals["properties"].(*object)
	if props == nil {
		return nil
	}
	for _, name := range props.keys {
		p, ok := props.vals[name].(*object)
		if !ok {
			return fmt.Errorf("property %q is not a schema", name)
		}
		desc, _ := r.lookup(p, "description").(string)
		label, labeled := r.lookup(p, "x-hcl-label").(string)
		repeated, _ := r.lookup(p, "x-hcl-repeated").(bool)
		var inner any
		switch {
		case labeled:
			inner = r.lookup(p, "additionalProperties")
		case repeated:
			inner = r.lookup(p, "items")
		default:
			a, err := r.attr(name, p)
			if err != nil {
				return err
			}
			a.Description, a.Required = desc, required[name]
			b.Attrs = append(b.Attrs, a)
			b.attrs[name] = a
			b.Body.Attributes = append(b.Body.Attributes, hcl.AttributeSchema{Name: name})
			continue
		}
		is, ok := inner.(*object)
		if !ok {
			return fmt.Errorf("block %q has no body schema", name)
		}
		child := &Block{Type: name, Label: label, List: repeated, Description: desc}
		if err := r.body(child, is, depth+1); err != nil {
			return fmt.Errorf("block %q: %w", name, err)
		}
		if child.Description == "" {
			child.Description, _ = r.lookup(is, "description").(string)
		}
		b.Blocks = append(b.Blocks, child)
		b.blocks[name] = child
		h := hcl.BlockHeaderSchema{Type: name}
		if labeled {
			h.LabelNames = []string{label}
		}
		b.Body.Blocks = append(b.Body.Blocks, h)
	}
	return nil
}

func (r *reader) attr(name string, p *object) (*Attr, error) {
	t, ref, err := r.resolve(p)
	if err != nil {
		return nil, fmt.Errorf("attribute %q: %w", name, err)
	}
	a := &Attr{Name: name, Ref: ref}
	switch ty := r.lookup(p, "type").(type) {
	case string:
		a.Type = []string{ty}
	case []any:
		for _, x := range ty {
			if s, ok := x.(string); ok {
				a.Type = append(a.Type, s)
			}
		}
	}
	a.Enum, _ = r.lookup(p, "enum").([]any)
	if d, ok := p.vals["default"]; ok {
		a.Default, a.HasDefault = d, true
	} else if d, ok := t.vals["default"]; ok {
		a.Default, a.HasDefault = d, true
	}
	if items, ok := r.lookup(p, "items").(*object); ok {
		if a.Items, err = r.attr(name+"[]", items); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// object is a JSON object that remembers the order of its keys.
type object struct {
	keys []string
	vals map[string]any
}

// decodeOrdered reads one JSON value: *object, []any, string, bool, nil,
// and int64 or float64 for numbers.
func decodeOrdered(d *json.Decoder) (any, error) {
	d.UseNumber()
	tok, err := d.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{vals: map[string]any{}}
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeOrdered(d)
				if err != nil {
					return nil, err
				}
				if _, dup := o.vals[k]; !dup {
					o.keys = append(o.keys, k)
				}
				o.vals[k] = v
			}
			_, err := d.Token() // '}'
			return o, err
		case '[':
			out := []any{}
			for d.More() {
				v, err := decodeOrdered(d)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			_, err := d.Token() // ']'
			return out, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i, nil
		}
		return t.Float64()
	}
	return tok, nil
}
