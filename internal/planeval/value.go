// Package planeval evaluates policies compiled ahead of time to OPA's
// intermediate representation (the "plan" target of OPA's compiler) over a
// JSON document, without linking OPA: the playground's light topology
// worker runs the built-in rules and the demo policy with it.
//
// It implements the statements the planner emits for nines's rules and the
// built-in functions they call, with OPA's semantics where the findings
// depend on them (number formatting in sprintf, arbitrary-precision
// arithmetic, the order of sets and objects). A plan that uses anything else
// is rejected when it is loaded, not when it is evaluated.
package planeval

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// Value is a Rego value: Null, Bool, Number, String, *Array, *Object or
// *Set. Values are never modified once they are shared, except arrays,
// objects and sets being built by the statement that made them.
type Value interface{ kind() int }

// Null is Rego's null.
type Null struct{}

// Bool is a Rego boolean.
type Bool bool

// Number is a Rego number in its literal form, as OPA keeps it ("5",
// "0.999", "1e+21").
type Number string

// String is a Rego string.
type String string

// Array is a Rego array.
type Array struct{ elems []Value }

// Object is a Rego object; Keys are kept sorted on demand.
type Object struct {
	keys   []Value
	vals   []Value
	index  map[string]int
	sorted bool
}

// Set is a Rego set, its elements sorted on demand.
type Set struct {
	elems  []Value
	index  map[string]struct{}
	sorted bool
}

// The order of kinds, OPA's: null < booleans < numbers < strings < arrays <
// objects < sets.
func (Null) kind() int    { return 0 }
func (Bool) kind() int    { return 1 }
func (Number) kind() int  { return 2 }
func (String) kind() int  { return 3 }
func (*Array) kind() int  { return 6 }
func (*Object) kind() int { return 7 }
func (*Set) kind() int    { return 8 }

// NewArray returns an array of elems.
func NewArray(elems ...Value) *Array { return &Array{elems: elems} }

// NewObject returns an empty object.
func NewObject() *Object { return &Object{index: map[string]int{}} }

// NewSet returns an empty set.
func NewSet() *Set { return &Set{index: map[string]struct{}{}} }

// Len is the number of elements.
func (a *Array) Len() int { return len(a.elems) }

// Elem is element i.
func (a *Array) Elem(i int) Value { return a.elems[i] }

// Get returns the value of key k.
func (o *Object) Get(k Value) (Value, bool) {
	i, ok := o.index[keyOf(k)]
	if !ok {
		return nil, false
	}
	return o.vals[i], true
}

// Insert sets key k to v.
func (o *Object) Insert(k, v Value) {
	key := keyOf(k)
	if i, ok := o.index[key]; ok {
		o.vals[i] = v
		return
	}
	o.index[key] = len(o.keys)
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
	o.sorted = false
}

// Len is the number of keys.
func (o *Object) Len() int { return len(o.keys) }

// sort orders the keys as OPA iterates them.
func (o *Object) sort() {
	if o.sorted {
		return
	}
	idx := make([]int, len(o.keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return Compare(o.keys[a], o.keys[b]) })
	keys := make([]Value, len(idx))
	vals := make([]Value, len(idx))
	for i, j := range idx {
		keys[i], vals[i] = o.keys[j], o.vals[j]
		o.index[keyOf(keys[i])] = i
	}
	o.keys, o.vals, o.sorted = keys, vals, true
}

// Range calls f on every member in key order until it returns false.
func (o *Object) Range(f func(k, v Value) bool) {
	o.sort()
	for i := range o.keys {
		if !f(o.keys[i], o.vals[i]) {
			return
		}
	}
}

// Add adds v to the set.
func (s *Set) Add(v Value) {
	key := keyOf(v)
	if _, ok := s.index[key]; ok {
		return
	}
	s.index[key] = struct{}{}
	s.elems = append(s.elems, v)
	s.sorted = false
}

// Contains reports whether v is in the set.
func (s *Set) Contains(v Value) bool {
	_, ok := s.index[keyOf(v)]
	return ok
}

// Len is the number of elements.
func (s *Set) Len() int { return len(s.elems) }

// Elems returns the elements in order.
func (s *Set) Elems() []Value {
	if !s.sorted {
		slices.SortFunc(s.elems, Compare)
		s.sorted = true
	}
	return s.elems
}

// keyOf is a text that two values share exactly when they are equal: the
// canonical JSON-like form, numbers written as exact rationals.
func keyOf(v Value) string {
	if s, ok := v.(String); ok {
		return "s" + string(s)
	}
	var b strings.Builder
	writeKey(&b, v)
	return b.String()
}

func writeKey(b *strings.Builder, v Value) {
	switch v := v.(type) {
	case Null:
		b.WriteString("n")
	case Bool:
		if v {
			b.WriteString("t")
		} else {
			b.WriteString("f")
		}
	case Number:
		b.WriteString("#")
		b.WriteString(canonicalNumber(v))
		b.WriteString(";")
	case String:
		b.WriteString(strconv.Quote(string(v)))
	case *Array:
		b.WriteString("[")
		for _, e := range v.elems {
			writeKey(b, e)
			b.WriteString(",")
		}
		b.WriteString("]")
	case *Object:
		v.sort()
		b.WriteString("{")
		for i := range v.keys {
			writeKey(b, v.keys[i])
			b.WriteString(":")
			writeKey(b, v.vals[i])
			b.WriteString(",")
		}
		b.WriteString("}")
	case *Set:
		b.WriteString("<")
		for _, e := range v.Elems() {
			writeKey(b, e)
			b.WriteString(",")
		}
		b.WriteString(">")
	}
}

func canonicalNumber(n Number) string {
	if i, ok := atoi64(string(n)); ok {
		return strconv.FormatInt(i, 10)
	}
	r, ok := new(big.Rat).SetString(string(n))
	if !ok {
		return string(n)
	}
	return r.RatString()
}

// atoi64 parses a decimal integer literal, as OPA's util.Atoi64 does.
func atoi64(s string) (int64, bool) {
	if s == "" || strings.ContainsAny(s, ".eE+") {
		return 0, false
	}
	i, err := strconv.ParseInt(s, 10, 64)
	return i, err == nil
}

func (n Number) rat() *big.Rat {
	r, ok := new(big.Rat).SetString(string(n))
	if !ok {
		return new(big.Rat)
	}
	return r
}

// Compare orders values as OPA does.
func Compare(a, b Value) int {
	if ka, kb := a.kind(), b.kind(); ka != kb {
		return ka - kb
	}
	switch a := a.(type) {
	case Null:
		return 0
	case Bool:
		bb := b.(Bool)
		switch {
		case a == bb:
			return 0
		case !bool(a):
			return -1
		}
		return 1
	case Number:
		bn := b.(Number)
		if x, ok := atoi64(string(a)); ok {
			if y, ok := atoi64(string(bn)); ok {
				switch {
				case x < y:
					return -1
				case x > y:
					return 1
				}
				return 0
			}
		}
		return a.rat().Cmp(bn.rat())
	case String:
		return strings.Compare(string(a), string(b.(String)))
	case *Array:
		return compareSlices(a.elems, b.(*Array).elems)
	case *Object:
		bo := b.(*Object)
		a.sort()
		bo.sort()
		for i := range min(len(a.keys), len(bo.keys)) {
			if c := Compare(a.keys[i], bo.keys[i]); c != 0 {
				return c
			}
			if c := Compare(a.vals[i], bo.vals[i]); c != 0 {
				return c
			}
		}
		return len(a.keys) - len(bo.keys)
	case *Set:
		return compareSlices(a.Elems(), b.(*Set).Elems())
	}
	return 0
}

func compareSlices(a, b []Value) int {
	for i := range min(len(a), len(b)) {
		if c := Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

// Equal reports whether a and b are the same value.
func Equal(a, b Value) bool {
	if a.kind() != b.kind() {
		return false
	}
	switch a := a.(type) {
	case String:
		return a == b.(String)
	case Bool:
		return a == b.(Bool)
	}
	return Compare(a, b) == 0
}

// text is the value as OPA prints it (what sprintf shows for %v of a
// composite value).
func text(v Value) string {
	var b strings.Builder
	writeText(&b, v)
	return b.String()
}

func writeText(b *strings.Builder, v Value) {
	switch v := v.(type) {
	case Null:
		b.WriteString("null")
	case Bool:
		b.WriteString(strconv.FormatBool(bool(v)))
	case Number:
		b.WriteString(string(v))
	case String:
		b.WriteString(strconv.Quote(string(v)))
	case *Array:
		b.WriteString("[")
		for i, e := range v.elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeText(b, e)
		}
		b.WriteString("]")
	case *Object:
		b.WriteString("{")
		i := 0
		v.Range(func(k, x Value) bool {
			if i > 0 {
				b.WriteString(", ")
			}
			i++
			writeText(b, k)
			b.WriteString(": ")
			writeText(b, x)
			return true
		})
		b.WriteString("}")
	case *Set:
		if v.Len() == 0 {
			b.WriteString("set()")
			return
		}
		b.WriteString("{")
		for i, e := range v.Elems() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeText(b, e)
		}
		b.WriteString("}")
	}
}

// FromJSON decodes a JSON document into a Value. Numbers are written as
// the policy package writes Go numbers for OPA: integers in decimal,
// others in the shortest form that reads back as the same float64.
func FromJSON(data []byte) (Value, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, err
	}
	return FromGo(x)
}

// FromGo converts a value decoded from JSON (with json.Number or float64
// numbers) into a Value.
func FromGo(x any) (Value, error) {
	switch x := x.(type) {
	case nil:
		return Null{}, nil
	case bool:
		return Bool(x), nil
	case string:
		return String(x), nil
	case json.Number:
		if _, ok := atoi64(string(x)); ok {
			return Number(x), nil
		}
		f, err := x.Float64()
		if err != nil {
			if _, ok := new(big.Int).SetString(string(x), 10); ok {
				return Number(x), nil
			}
			return nil, fmt.Errorf("unsupported number %s", x)
		}
		return floatNumber(f)
	case float64:
		return floatNumber(x)
	case int:
		return Number(strconv.Itoa(x)), nil
	case []any:
		a := &Array{elems: make([]Value, len(x))}
		for i, e := range x {
			v, err := FromGo(e)
			if err != nil {
				return nil, err
			}
			a.elems[i] = v
		}
		return a, nil
	case map[string]any:
		o := NewObject()
		for k, e := range x {
			v, err := FromGo(e)
			if err != nil {
				return nil, err
			}
			o.Insert(String(k), v)
		}
		return o, nil
	}
	return nil, fmt.Errorf("unsupported type %T", x)
}

func floatNumber(f float64) (Value, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("unsupported number %v", f)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return Number(strconv.FormatInt(int64(f), 10)), nil
	}
	return Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
}

// ToGo converts v into the Go values OPA's rego package returns: nil, bool,
// json.Number, string, []any (arrays and sets, sets in order) and
// map[string]any.
func ToGo(v Value) any {
	switch v := v.(type) {
	case Null:
		return nil
	case Bool:
		return bool(v)
	case Number:
		return json.Number(v)
	case String:
		return string(v)
	case *Array:
		out := make([]any, len(v.elems))
		for i, e := range v.elems {
			out[i] = ToGo(e)
		}
		return out
	case *Set:
		out := make([]any, 0, v.Len())
		for _, e := range v.Elems() {
			out = append(out, ToGo(e))
		}
		return out
	case *Object:
		out := make(map[string]any, v.Len())
		v.Range(func(k, x Value) bool {
			ks, ok := k.(String)
			if !ok {
				ks = String(text(k))
			}
			out[string(ks)] = ToGo(x)
			return true
		})
		return out
	}
	return nil
}
