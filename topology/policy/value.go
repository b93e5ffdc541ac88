//go:build !ninesplan

package policy

import (
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// toValue converts the facts document into OPA's value representation.
//
// The generic route (encoding/json and back, then ast.InterfaceToValue) costs
// as much as evaluating the rules on a 10,000-component topology. Here Go
// values are converted directly, by reflection for structs, following
// encoding/json's rules (json tags, omitempty, "-", nil as null, marshalers
// honoured), and one term is shared per distinct string: keys, names, kinds
// and file names repeat thousands of times, and fewer allocations mean less
// garbage collection. Terms are never modified once built, so sharing them
// is safe.
func toValue(input any) (ast.Value, error) {
	switch v := input.(type) {
	case ast.Value:
		return v, nil
	case *ast.Term:
		return v.Value, nil
	}
	v := reflect.ValueOf(input)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ast.Null{}, nil
		}
		v = v.Elem()
	}
	if runtime.GOMAXPROCS(0) > 1 && (v.Kind() == reflect.Struct || v.Kind() == reflect.Map) {
		return convertTopInParallel(v)
	}
	c := newConverter()
	t, err := c.convert(v)
	if err != nil {
		return nil, err
	}
	return t.Value, nil
}

// convertTopInParallel converts the members of the top-level object
// concurrently, and long arrays (the calls) in two halves, each part with
// its own converter: the members are independent, and a large topology is
// mostly two long lists.
func convertTopInParallel(v reflect.Value) (ast.Value, error) {
	type part struct {
		key    string
		v      reflect.Value
		lo, hi int // a range of the array v, or lo = hi = -1 for all of v
		terms  []*ast.Term
		term   *ast.Term
		err    error
	}
	var parts []*part
	add := func(key string, fv reflect.Value) {
		for fv.Kind() == reflect.Interface && !fv.IsNil() {
			fv = fv.Elem()
		}
		if fv.Kind() == reflect.Slice && !fv.IsNil() && fv.Len() >= 4096 && fv.Type().Elem().Kind() != reflect.Uint8 {
			mid := fv.Len() / 2
			parts = append(parts, &part{key: key, v: fv, lo: 0, hi: mid}, &part{key: key, v: fv, lo: mid, hi: fv.Len()})
			return
		}
		parts = append(parts, &part{key: key, v: fv, lo: -1, hi: -1})
	}
	if v.Kind() == reflect.Map {
		if v.Type().Key().Kind() != reflect.String || marshals(v.Type()) {
			t, err := newConverter().convert(v)
			if err != nil {
				return nil, err
			}
			return t.Value, nil
		}
		iter := v.MapRange()
		for iter.Next() {
			add(iter.Key().String(), iter.Value())
		}
	} else {
		if marshals(v.Type()) {
			t, err := newConverter().convert(v)
			if err != nil {
				return nil, err
			}
			return t.Value, nil
		}
		for _, f := range structFields(v.Type()) {
			fv, ok := fieldByIndex(v, f.index)
			if !ok || (f.omitEmpty && fv.IsZero()) {
				continue
			}
			add(f.name, fv)
		}
	}
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Go(func() {
			c := newConverter()
			if p.lo < 0 {
				p.term, p.err = c.convert(p.v)
				return
			}
			p.terms = make([]*ast.Term, 0, p.hi-p.lo)
			for i := p.lo; i < p.hi; i++ {
				t, err := c.convert(p.v.Index(i))
				if err != nil {
					p.err = err
					return
				}
				p.terms = append(p.terms, t)
			}
		})
	}
	wg.Wait()
	var pairs [][2]*ast.Term
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if p.err != nil {
			return nil, fmt.Errorf("%s: %w", p.key, p.err)
		}
		term := p.term
		if p.lo >= 0 { // the first half of an array: the next part is the second
			q := parts[i+1]
			if q.err != nil {
				return nil, fmt.Errorf("%s: %w", q.key, q.err)
			}
			term = ast.NewTerm(ast.NewArray(append(p.terms, q.terms...)...))
			i++
		}
		pairs = append(pairs, [2]*ast.Term{ast.StringTerm(p.key), term})
	}
	return ast.NewObject(pairs...), nil
}

func newConverter() *converter { return &converter{strings: map[string]*ast.Term{}} }

type converter struct {
	strings map[string]*ast.Term
}

func (c *converter) str(s string) *ast.Term {
	if t, ok := c.strings[s]; ok {
		return t
	}
	t := ast.StringTerm(s)
	c.strings[s] = t
	return t
}

func intTerm(i int) *ast.Term {
	if ast.HasInternedIntNumberTerm(i) {
		return ast.InternedTerm(i)
	}
	return ast.IntNumberTerm(i)
}

func floatTerm(f float64) (*ast.Term, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("unsupported number %v", f)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return intTerm(int(f)), nil
	}
	return ast.FloatNumberTerm(f), nil
}

func (c *converter) convert(v reflect.Value) (*ast.Term, error) {
	if !v.IsValid() {
		return ast.NullTerm(), nil
	}
	// Fast paths for generic documents (decoded JSON, tests).
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if v.Type() == reflect.TypeFor[string]() {
			return c.str(v.String()), nil
		}
	case reflect.Map:
		if m, ok := v.Interface().(map[string]any); ok && m != nil {
			pairs := make([][2]*ast.Term, 0, len(m))
			for k, e := range m {
				t, err := c.convert(reflect.ValueOf(e))
				if err != nil {
					return nil, fmt.Errorf("%s: %w", k, err)
				}
				pairs = append(pairs, [2]*ast.Term{c.str(k), t})
			}
			return ast.NewTerm(ast.NewObject(pairs...)), nil
		}
	}
	return c.reflected(v)
}

// marshals reports whether encoding/json would call a method of t to
// encode it; asking reflect for every value is slow, so it is cached.
func marshals(t reflect.Type) bool {
	if m, ok := marshalCache.Load(t); ok {
		return m.(bool)
	}
	m := t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		(t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(textMarshaler)))
	marshalCache.Store(t, m)
	return m
}

var marshalCache sync.Map // reflect.Type -> bool

func (c *converter) reflected(v reflect.Value) (*ast.Term, error) {
	t := v.Type()
	if marshals(t) {
		return viaJSON(v)
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return ast.NullTerm(), nil
		}
		return c.convert(v.Elem())
	case reflect.String:
		if t == numberType {
			return ast.NumberTerm(json.Number(v.String())), nil
		}
		return c.str(v.String()), nil
	case reflect.Bool:
		return ast.InternedTerm(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intTerm(int(v.Int())), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return ast.UIntNumberTerm(v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return floatTerm(v.Float())
	case reflect.Slice:
		if v.IsNil() {
			return ast.NullTerm(), nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return viaJSON(v)
		}
		fallthrough
	case reflect.Array:
		elems := make([]*ast.Term, v.Len())
		for i := range elems {
			e, err := c.convert(v.Index(i))
			if err != nil {
				return nil, err
			}
			elems[i] = e
		}
		return ast.NewTerm(ast.NewArray(elems...)), nil
	case reflect.Map:
		if v.IsNil() {
			return ast.NullTerm(), nil
		}
		if t.Key().Kind() != reflect.String {
			return viaJSON(v)
		}
		pairs := make([][2]*ast.Term, 0, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			val, err := c.convert(iter.Value())
			if err != nil {
				return nil, fmt.Errorf("%s: %w", iter.Key().String(), err)
			}
			pairs = append(pairs, [2]*ast.Term{c.str(iter.Key().String()), val})
		}
		return ast.NewTerm(ast.NewObject(pairs...)), nil
	case reflect.Struct:
		fields := structFields(t)
		pairs := make([][2]*ast.Term, 0, len(fields))
		for _, f := range fields {
			fv, ok := fieldByIndex(v, f.index)
			if !ok || (f.omitEmpty && fv.IsZero()) {
				continue
			}
			val, err := c.convert(fv)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.name, err)
			}
			pairs = append(pairs, [2]*ast.Term{f.key, val})
		}
		return ast.NewTerm(ast.NewObject(pairs...)), nil
	}
	return nil, fmt.Errorf("unsupported type %s", t)
}

func viaJSON(v reflect.Value) (*ast.Term, error) {
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return nil, err
	}
	x, err := ast.ValueFromReader(strings.NewReader(string(b)))
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(x), nil
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	numberType    = reflect.TypeFor[json.Number]()
)

// fieldByIndex is v.FieldByIndex that reports a nil embedded pointer
// instead of panicking.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

type field struct {
	name      string
	key       *ast.Term // the name as a term, shared by every object
	index     []int
	omitEmpty bool
}

var fieldCache sync.Map // reflect.Type -> []field

// structFields lists the JSON fields of a struct type the way
// encoding/json does in the common cases: exported fields, json tag names,
// "-" skipped, untagged embedded structs promoted (outer fields win).
func structFields(t reflect.Type) []field {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]field)
	}
	var out []field
	seen := map[string]bool{}
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		var embedded [][]int
		var embeddedTypes []reflect.Type
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(slices.Clone(index), i)
			if sf.Anonymous && name == "" {
				ft := sf.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					embedded = append(embedded, idx)
					embeddedTypes = append(embeddedTypes, ft)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if seen[name] {
				continue
			}
			seen[name] = true
			out = append(out, field{name: name, key: ast.StringTerm(name), index: idx, omitEmpty: strings.Contains(","+opts+",", ",omitempty,")})
		}
		for i, idx := range embedded {
			walk(embeddedTypes[i], idx)
		}
	}
	walk(t, nil)
	fieldCache.Store(t, out)
	return out
}
