package planeval

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/nines-dev/nines/topology/percent"
)

// builtin is a built-in function: its result, or nil when undefined.
type builtin func(args []Value) (Value, error)

var builtins map[string]builtin

func init() {
	builtins = map[string]builtin{
		"count":             arity(1, builtinCount),
		"sprintf":           arity(2, builtinSprintf),
		"concat":            arity(2, builtinConcat),
		"object.get":        arity(3, builtinObjectGet),
		"object.union":      arity(2, builtinObjectUnion),
		"sort":              arity(1, builtinSort),
		"max":               arity(1, builtinMax),
		"round":             arity(1, builtinRound),
		"replace":           arity(3, builtinReplace),
		"array.slice":       arity(3, builtinArraySlice),
		"array.concat":      arity(2, builtinArrayConcat),
		"internal.member_2": arity(2, builtinMember),
		"plus":              arity(2, arith((*big.Int).Add, (*big.Float).Add)),
		"minus":             arity(2, builtinMinus),
		"mul":               arity(2, arith((*big.Int).Mul, (*big.Float).Mul)),
		"div":               arity(2, builtinDiv),
		"rem":               arity(2, builtinRem),
		"abs":               arity(1, float1(func(f *big.Float) *big.Float { return f.Abs(f) })),
		"ceil":              arity(1, float1(ceil)),
		"floor":             arity(1, float1(floor)),
		"min":               arity(1, builtinMin),
		"sum":               arity(1, builtinSum),
		"startswith":        strings2(strings.HasPrefix),
		"endswith":          strings2(strings.HasSuffix),
		"contains":          strings2(strings.Contains),
		"lower":             arity(1, string1(strings.ToLower)),
		"upper":             arity(1, string1(strings.ToUpper)),
		"object.keys":       arity(1, builtinObjectKeys),
		"equal":             arity(2, func(a []Value) (Value, error) { return Bool(Equal(a[0], a[1])), nil }),
		"neq":               arity(2, func(a []Value) (Value, error) { return Bool(!Equal(a[0], a[1])), nil }),
		"gt":                compare(func(c int) bool { return c > 0 }),
		"gte":               compare(func(c int) bool { return c >= 0 }),
		"lt":                compare(func(c int) bool { return c < 0 }),
		"lte":               compare(func(c int) bool { return c <= 0 }),
		"nines.product":     numbers2(func(x, y float64) (Value, error) { return productValue(x, y) }),
		"nines.percent_below": numbers2(func(x, y float64) (Value, error) {
			return String(percent.FormatBelow(x, y)), nil
		}),
		"nines.below":     numbers2(func(x, y float64) (Value, error) { return Bool(percent.Below(x, y)), nil }),
		"nines.duration":  number1(Duration),
		"nines.percent":   number1(percent.Format),
		"nines.objective": number1(percent.Objective),
		"nines.minutes":   number1(Minutes),
	}
}

func arity(n int, f builtin) builtin {
	return func(args []Value) (Value, error) {
		if len(args) != n {
			return nil, fmt.Errorf("got %d arguments, want %d", len(args), n)
		}
		return f(args)
	}
}

func typeName(v Value) string {
	switch v.(type) {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case *Array:
		return "array"
	case *Object:
		return "object"
	case *Set:
		return "set"
	}
	return "undefined"
}

func operandErr(pos int, v Value, want string) error {
	return fmt.Errorf("operand %d must be %s but got %s", pos, want, typeName(v))
}

func compare(ok func(int) bool) builtin {
	return arity(2, func(a []Value) (Value, error) { return Bool(ok(Compare(a[0], a[1]))), nil })
}

func builtinCount(a []Value) (Value, error) {
	n, ok := length(a[0])
	if !ok {
		return nil, operandErr(1, a[0], "one of {array, object, set, string}")
	}
	return Number(strconv.Itoa(n)), nil
}

// elements returns the members of an array or a set, in order.
func elements(v Value, pos int) ([]Value, error) {
	switch v := v.(type) {
	case *Array:
		return v.elems, nil
	case *Set:
		return v.Elems(), nil
	}
	return nil, operandErr(pos, v, "one of {array, set}")
}

func builtinConcat(a []Value) (Value, error) {
	sep, ok := a[0].(String)
	if !ok {
		return nil, operandErr(1, a[0], "string")
	}
	elems, err := elements(a[1], 2)
	if err != nil {
		return nil, err
	}
	parts := make([]string, len(elems))
	for i, e := range elems {
		s, ok := e.(String)
		if !ok {
			return nil, fmt.Errorf("operand 2 must be array of strings but got %s", typeName(e))
		}
		parts[i] = string(s)
	}
	return String(strings.Join(parts, string(sep))), nil
}

func builtinObjectGet(a []Value) (Value, error) {
	obj, ok := a[0].(*Object)
	if !ok {
		return nil, operandErr(1, a[0], "object")
	}
	path, ok := a[1].(*Array)
	if !ok {
		if v, ok := obj.Get(a[1]); ok {
			return v, nil
		}
		return a[2], nil
	}
	var curr Value = obj
	for _, k := range path.elems {
		if curr = dot(curr, k); curr == nil {
			return a[2], nil
		}
	}
	return curr, nil
}

func builtinObjectUnion(a []Value) (Value, error) {
	x, ok := a[0].(*Object)
	if !ok {
		return nil, operandErr(1, a[0], "object")
	}
	y, ok := a[1].(*Object)
	if !ok {
		return nil, operandErr(2, a[1], "object")
	}
	return union(x, y), nil
}

// union is x with the members of y on top, objects in both merged.
func union(x, y *Object) *Object {
	if x.Len() == 0 {
		return y
	}
	if y.Len() == 0 {
		return x
	}
	out := NewObject()
	x.Range(func(k, v Value) bool {
		out.Insert(k, v)
		return true
	})
	y.Range(func(k, v Value) bool {
		if old, ok := out.Get(k); ok {
			ox, ok1 := old.(*Object)
			oy, ok2 := v.(*Object)
			if ok1 && ok2 {
				out.Insert(k, union(ox, oy))
				return true
			}
		}
		out.Insert(k, v)
		return true
	})
	return out
}

func builtinSort(a []Value) (Value, error) {
	elems, err := elements(a[0], 1)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(elems)
	slices.SortStableFunc(out, Compare)
	return &Array{elems: out}, nil
}

func builtinMax(a []Value) (Value, error) {
	elems, err := elements(a[0], 1)
	if err != nil {
		return nil, err
	}
	if len(elems) == 0 {
		return nil, nil
	}
	var m Value = Null{}
	for _, e := range elems {
		if Compare(m, e) <= 0 {
			m = e
		}
	}
	return m, nil
}

func numberArg(v Value, pos int) (Number, error) {
	n, ok := v.(Number)
	if !ok {
		return "", operandErr(pos, v, "number")
	}
	return n, nil
}

// bigFloat parses n as OPA does before floating-point arithmetic.
func bigFloat(n Number) *big.Float {
	f, ok := new(big.Float).SetString(string(n))
	if !ok {
		return new(big.Float)
	}
	return f
}

// floatNumberOf writes f as OPA writes the result of arithmetic.
func floatNumberOf(f *big.Float) Number {
	if f.IsInt() {
		return Number(f.Text('f', -1))
	}
	return Number(f.Text('g', -1))
}

// bigInt is n as an exact integer, if it is one.
func bigInt(n Number) (*big.Int, bool) {
	if i, ok := new(big.Int).SetString(string(n), 10); ok {
		return i, true
	}
	r, ok := new(big.Rat).SetString(string(n))
	if !ok || !r.IsInt() {
		return nil, false
	}
	return new(big.Int).Set(r.Num()), true
}

func arith(ints func(z, x, y *big.Int) *big.Int, floats func(z, x, y *big.Float) *big.Float) builtin {
	return func(a []Value) (Value, error) {
		x, err := numberArg(a[0], 1)
		if err != nil {
			return nil, err
		}
		y, err := numberArg(a[1], 2)
		if err != nil {
			return nil, err
		}
		return arithNumbers(x, y, ints, floats), nil
	}
}

func arithNumbers(x, y Number, ints func(z, x, y *big.Int) *big.Int, floats func(z, x, y *big.Float) *big.Float) Value {
	if i, ok := bigInt(x); ok {
		if j, ok := bigInt(y); ok {
			return Number(ints(new(big.Int), i, j).String())
		}
	}
	return floatNumberOf(floats(new(big.Float), bigFloat(x), bigFloat(y)))
}

func builtinMinus(a []Value) (Value, error) {
	if x, ok := a[0].(Number); ok {
		if y, ok := a[1].(Number); ok {
			return arithNumbers(x, y, (*big.Int).Sub, (*big.Float).Sub), nil
		}
	}
	if x, ok := a[0].(*Set); ok {
		if y, ok := a[1].(*Set); ok {
			out := NewSet()
			for _, e := range x.Elems() {
				if !y.Contains(e) {
					out.Add(e)
				}
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("operand types must be number or set but got %s and %s", typeName(a[0]), typeName(a[1]))
}

func builtinRound(a []Value) (Value, error) {
	n, err := numberArg(a[0], 1)
	if err != nil {
		return nil, err
	}
	f := bigFloat(n)
	half := big.NewFloat(0.5)
	var i *big.Int
	if f.Signbit() {
		i, _ = new(big.Float).Sub(f, half).Int(nil)
	} else {
		i, _ = new(big.Float).Add(f, half).Int(nil)
	}
	return floatNumberOf(new(big.Float).SetInt(i)), nil
}

func builtinReplace(a []Value) (Value, error) {
	var s [3]string
	for i := range s {
		v, ok := a[i].(String)
		if !ok {
			return nil, operandErr(i+1, a[i], "string")
		}
		s[i] = string(v)
	}
	return String(strings.ReplaceAll(s[0], s[1], s[2])), nil
}

func intArg(v Value, pos int) (int, error) {
	n, err := numberArg(v, pos)
	if err != nil {
		return 0, err
	}
	i, ok := atoi64(string(n))
	if !ok {
		return 0, fmt.Errorf("operand %d must be integer number but got floating-point number", pos)
	}
	return int(i), nil
}

func builtinArraySlice(a []Value) (Value, error) {
	arr, ok := a[0].(*Array)
	if !ok {
		return nil, operandErr(1, a[0], "array")
	}
	start, err := intArg(a[1], 2)
	if err != nil {
		return nil, err
	}
	stop, err := intArg(a[2], 3)
	if err != nil {
		return nil, err
	}
	stop = max(0, min(stop, len(arr.elems)))
	start = max(0, min(start, stop))
	return &Array{elems: arr.elems[start:stop:stop]}, nil
}

func builtinArrayConcat(a []Value) (Value, error) {
	x, ok := a[0].(*Array)
	if !ok {
		return nil, operandErr(1, a[0], "array")
	}
	y, ok := a[1].(*Array)
	if !ok {
		return nil, operandErr(2, a[1], "array")
	}
	return &Array{elems: slices.Concat(x.elems, y.elems)}, nil
}

func builtinMember(a []Value) (Value, error) {
	switch c := a[1].(type) {
	case *Set:
		return Bool(c.Contains(a[0])), nil
	case *Array:
		return Bool(slices.ContainsFunc(c.elems, func(e Value) bool { return Equal(e, a[0]) })), nil
	case *Object:
		found := false
		c.Range(func(_, v Value) bool {
			found = Equal(v, a[0])
			return !found
		})
		return Bool(found), nil
	}
	return Bool(false), nil
}

// builtinSprintf formats as OPA's sprintf: integers as int64 or big.Int,
// numbers with a decimal point as float64, strings as themselves and
// anything else as OPA prints the value.
func builtinSprintf(a []Value) (Value, error) {
	format, ok := a[0].(String)
	if !ok {
		return nil, operandErr(1, a[0], "string")
	}
	arr, ok := a[1].(*Array)
	if !ok {
		return nil, operandErr(2, a[1], "array")
	}
	args := make([]any, len(arr.elems))
	for i, e := range arr.elems {
		switch v := e.(type) {
		case Number:
			s := string(v)
			if x, ok := atoi64(s); ok {
				args[i] = x
			} else if strings.ContainsRune(s, '.') {
				if f, err := strconv.ParseFloat(s, 64); err == nil {
					args[i] = f
				} else {
					args[i] = s
				}
			} else if b, ok := new(big.Int).SetString(s, 10); ok {
				args[i] = b
			} else {
				args[i] = s
			}
		case String:
			args[i] = string(v)
		default:
			args[i] = text(e)
		}
	}
	return String(fmt.Sprintf(string(format), args...)), nil
}

// number1 and numbers2 are the nines.* built-ins of one or two numbers.
func number1(f func(float64) string) builtin {
	return arity(1, func(a []Value) (Value, error) {
		x, err := float(a[0])
		if err != nil {
			return nil, err
		}
		return String(f(x)), nil
	})
}

func numbers2(f func(x, y float64) (Value, error)) builtin {
	return arity(2, func(a []Value) (Value, error) {
		x, err := float(a[0])
		if err != nil {
			return nil, err
		}
		y, err := float(a[1])
		if err != nil {
			return nil, err
		}
		return f(x, y)
	})
}

func float(v Value) (float64, error) {
	n, ok := v.(Number)
	if !ok {
		return 0, fmt.Errorf("operand is %s, want a number", typeName(v))
	}
	f, err := Float(string(n))
	if err != nil {
		return 0, fmt.Errorf("%s is out of range", n)
	}
	return f, nil
}

func productValue(x, y float64) (Value, error) {
	p, isInt, err := Product(x, y)
	if err != nil {
		return nil, err
	}
	if isInt {
		return Number(strconv.Itoa(int(p))), nil
	}
	return Number(strconv.FormatFloat(p, 'g', -1, 64)), nil
}

func builtinDiv(a []Value) (Value, error) {
	x, err := numberArg(a[0], 1)
	if err != nil {
		return nil, err
	}
	y, err := numberArg(a[1], 2)
	if err != nil {
		return nil, err
	}
	fy := bigFloat(y)
	if i, acc := fy.Int64(); acc == big.Exact && i == 0 {
		return nil, fmt.Errorf("divide by zero")
	}
	return floatNumberOf(new(big.Float).Quo(bigFloat(x), fy)), nil
}

func builtinRem(a []Value) (Value, error) {
	x, err := numberArg(a[0], 1)
	if err != nil {
		return nil, err
	}
	y, err := numberArg(a[1], 2)
	if err != nil {
		return nil, err
	}
	i, ok1 := bigInt(x)
	j, ok2 := bigInt(y)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("modulo on floating-point number")
	}
	if j.Sign() == 0 {
		return nil, fmt.Errorf("modulo by zero")
	}
	return Number(new(big.Int).Rem(i, j).String()), nil
}

// float1 is an arithmetic built-in of one number computed in big.Float.
func float1(f func(*big.Float) *big.Float) builtin {
	return func(a []Value) (Value, error) {
		n, err := numberArg(a[0], 1)
		if err != nil {
			return nil, err
		}
		return floatNumberOf(f(bigFloat(n))), nil
	}
}

func ceil(a *big.Float) *big.Float {
	i, _ := a.Int(nil)
	f := new(big.Float).SetInt(i)
	if f.Signbit() || a.Cmp(f) == 0 {
		return f
	}
	return new(big.Float).Add(f, big.NewFloat(1))
}

func floor(a *big.Float) *big.Float {
	i, _ := a.Int(nil)
	f := new(big.Float).SetInt(i)
	if !f.Signbit() || a.Cmp(f) == 0 {
		return f
	}
	return new(big.Float).Sub(f, big.NewFloat(1))
}

func builtinMin(a []Value) (Value, error) {
	elems, err := elements(a[0], 1)
	if err != nil {
		return nil, err
	}
	if len(elems) == 0 {
		return nil, nil
	}
	m := elems[0]
	for _, e := range elems {
		if Compare(m, e) >= 0 {
			m = e
		}
	}
	return m, nil
}

// builtinSum adds exactly when every element is an integer, else in
// big.Float from zero, as OPA does.
func builtinSum(a []Value) (Value, error) {
	elems, err := elements(a[0], 1)
	if err != nil {
		return nil, err
	}
	ints := new(big.Int)
	exact := true
	for _, e := range elems {
		n, ok := e.(Number)
		if !ok {
			return nil, fmt.Errorf("operand 1 must be array of numbers but got %s", typeName(e))
		}
		if exact {
			if i, ok := bigInt(n); ok {
				ints.Add(ints, i)
			} else {
				exact = false
			}
		}
	}
	if exact {
		return Number(ints.String()), nil
	}
	sum := new(big.Float)
	for _, e := range elems {
		sum = sum.Add(sum, bigFloat(e.(Number)))
	}
	return floatNumberOf(sum), nil
}

func strings2(f func(s, t string) bool) builtin {
	return arity(2, func(a []Value) (Value, error) {
		s, ok := a[0].(String)
		if !ok {
			return nil, operandErr(1, a[0], "string")
		}
		t, ok := a[1].(String)
		if !ok {
			return nil, operandErr(2, a[1], "string")
		}
		return Bool(f(string(s), string(t))), nil
	})
}

func string1(f func(string) string) builtin {
	return func(a []Value) (Value, error) {
		s, ok := a[0].(String)
		if !ok {
			return nil, operandErr(1, a[0], "string")
		}
		return String(f(string(s))), nil
	}
}

func builtinObjectKeys(a []Value) (Value, error) {
	obj, ok := a[0].(*Object)
	if !ok {
		return nil, operandErr(1, a[0], "object")
	}
	out := NewSet()
	obj.Range(func(k, _ Value) bool {
		out.Add(k)
		return true
	})
	return out, nil
}
