package planeval

import (
	"context"
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// fromAST converts an OPA value (the test's reference) into a Value.
func fromAST(t *testing.T, v ast.Value) Value {
	t.Helper()
	switch v := v.(type) {
	case ast.Null:
		return Null{}
	case ast.Boolean:
		return Bool(v)
	case ast.Number:
		return Number(v)
	case ast.String:
		return String(v)
	case *ast.Array:
		a := NewArray()
		for i := range v.Len() {
			a.elems = append(a.elems, fromAST(t, v.Elem(i).Value))
		}
		return a
	case ast.Object:
		o := NewObject()
		v.Foreach(func(k, x *ast.Term) { o.Insert(fromAST(t, k.Value), fromAST(t, x.Value)) })
		return o
	case ast.Set:
		s := NewSet()
		v.Foreach(func(x *ast.Term) { s.Add(fromAST(t, x.Value)) })
		return s
	}
	t.Fatalf("unexpected %T", v)
	return nil
}

// TestBuiltinsMatchOPA calls each built-in as OPA's evaluator does and
// compares the results as OPA prints them, so that a number written
// differently ("3.3" against "3.3000000000000003") fails.
func TestBuiltinsMatchOPA(t *testing.T) {
	cases := []struct{ name, args string }{
		{"plus", `0.1, 0.2`}, {"plus", `1, 2`}, {"plus", `1e3, 1`}, {"plus", `2.0, 1`}, {"plus", `0.1, 1`},
		{"plus", `123456789012345678901234567890, 1`}, {"minus", `1, 0.3`}, {"minus", `10, 3`},
		{"minus", `{1, 2, 3}, {2}`}, {"mul", `1.1, 3`}, {"mul", `0.999, 0.999`}, {"mul", `86400, 30`},
		{"mul", `1e-7, 3`}, {"round", `2.5`}, {"round", `-2.5`}, {"round", `1.4999`}, {"round", `0.49`},
		{"round", `43.25`}, {"round", `1e21`},
		{"sprintf", `"%v %d %s", [1.5, 3, "x"]`}, {"sprintf", `"%v|%v|%v", [1e-05, 100000000000000000000000, 0.1]`},
		{"sprintf", `"%v", [[1, "a", {"k": [true, null]}]]`}, {"sprintf", `"%v %v", [set(), {"b", "a"}]`},
		{"sprintf", `"%d zone", [2]`}, {"sprintf", `"%s %q", ["database", "orders"]`}, {"sprintf", `"%.1f", [0.25]`},
		{"sprintf", `"%v", [2.0]`}, {"sprintf", `"%d", [1e3]`},
		{"count", `"héllo"`}, {"count", `[1, 2]`}, {"count", `{"a": 1}`}, {"count", `{1, 2, 2}`},
		{"concat", `", ", ["b", "a"]`}, {"concat", `"/", {"b", "a"}`},
		{"sort", `[3, "a", 1.5, null, [1], {"k": 1}, true]`}, {"sort", `{"b", "a"}`},
		{"max", `[1, 3.0, 3, 2]`}, {"max", `{1, 7, 2}`},
		{"object.get", `{"a": {"b": 1}}, ["a", "b"], 0`}, {"object.get", `{"a": 1}, "z", "d"`},
		{"object.get", `{"a": [5, 6]}, ["a", 1], 0`},
		{"object.union", `{"a": 1, "b": {"c": 1, "d": 2}}, {"b": {"c": 3}, "e": 4}`},
		{"replace", `"a_b_c", "_", "-"`}, {"array.slice", `[1, 2, 3], 1, 10`}, {"array.slice", `[1, 2, 3], -1, 2`},
		{"array.slice", `[1, 2, 3], 2, 1`}, {"array.concat", `[1], [2, 3]`},
		{"internal.member_2", `2, [1, 2]`}, {"internal.member_2", `2.0, {2}`}, {"internal.member_2", `1, {"a": 1}`},
		{"internal.member_2", `"a", {"a": 1}`},
		{"gt", `2, 1.5`}, {"gt", `"a", 1`}, {"lt", `null, false`}, {"gte", `[1, 2], [1]`}, {"lte", `1, 1.0`},
		{"div", `6, 3`}, {"div", `1, 3`}, {"div", `0.3, 0.1`}, {"div", `86400, 1000`}, {"div", `1e3, 7`}, {"div", `-5, 2`},
		{"rem", `7, 3`}, {"rem", `-7, 3`}, {"rem", `7.0, 2`}, {"abs", `-2.5`}, {"abs", `-3`}, {"ceil", `1.2`}, {"ceil", `-1.2`},
		{"floor", `1.8`}, {"floor", `-1.2`}, {"floor", `3`}, {"min", `[3, 1.0, 1, 2]`}, {"min", `{4, 2, 9}`},
		{"sum", `[1, 2, 3]`}, {"sum", `[0.1, 0.2]`}, {"sum", `[1, 2.0]`}, {"sum", `{0.5, 1}`}, {"sum", `[]`},
		{"startswith", `"abc", "ab"`}, {"endswith", `"abc", "bc"`}, {"contains", `"abc", "d"`},
		{"lower", `"AbC"`}, {"upper", `"AbC"`}, {"object.keys", `{"b": 1, "a": 2}`},
		{"neq", `1, 1.0`}, {"equal", `{"a": 1}, {"a": 1.0}`},
	}
	for _, c := range cases {
		name := fmt.Sprintf("%s(%s)", c.name, c.args)
		rs, err := rego.New(rego.Query("x := "+c.name+"("+c.args+")"), rego.StrictBuiltinErrors(true)).Eval(context.Background())
		if err != nil {
			t.Fatalf("%s: OPA: %v", name, err)
		}
		body, err := ast.ParseBody("[" + c.args + "]")
		if err != nil {
			t.Fatal(err)
		}
		args := fromAST(t, body[0].Terms.(*ast.Term).Value).(*Array).elems
		got, err := builtins[c.name](args)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want, err := ast.InterfaceToValue(rs[0].Bindings["x"])
		if err != nil {
			t.Fatal(err)
		}
		w := fromAST(t, want)
		if _, isSet := got.(*Set); isSet { // bindings turn sets into arrays
			got = NewArray(got.(*Set).Elems()...)
		}
		if text(got) != text(w) {
			t.Errorf("%s = %s, OPA gives %s", name, text(got), text(w))
		}
	}
}

func TestLoadRejectsWhatItDoesNotImplement(t *testing.T) {
	for _, plan := range []string{
		`{"static": {"builtin_funcs": [{"name": "http.send"}]}}`,
		`{"plans": {"plans": [{"name": "p", "blocks": [{"stmts": [{"type": "WithStmt", "stmt": {}}]}]}]}}`,
	} {
		if _, err := Load([]byte(plan)); err == nil {
			t.Errorf("Load(%s) succeeded", plan)
		}
	}
}

func TestSetsAndObjectsFollowOPAsEquality(t *testing.T) {
	s := NewSet()
	for _, v := range []Value{Number("1"), Number("1.0"), Number("1e0"), String("1"), NewArray(Number("2")), NewArray(Number("2.0"))} {
		s.Add(v)
	}
	if got := text(s); got != `{1, "1", [2]}` {
		t.Errorf("set is %s, want {1, \"1\", [2]}", got)
	}
	o := NewObject()
	o.Insert(String("b"), Number("1"))
	o.Insert(String("a"), Number("2"))
	o.Insert(String("b"), Number("3"))
	if got := text(o); got != `{"a": 2, "b": 3}` {
		t.Errorf("object is %s", got)
	}
}
