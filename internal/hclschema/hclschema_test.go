package hclschema_test

import (
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/hclschema"
)

var shapes = map[string]hclschema.Shape{
	"item": {Labels: 2, LabelNames: []string{"kind", "name"}},
	"note": {List: true},
	"opts": {},
}

const src = `top = 1
item "a" "b" {
  size = 2
  tags = ["x", "y"]
}
item "a" "c" {
  size = -3
}
note {
  text = "one"
}
note {
  text = "two ${"three"}"
}
opts {
  m = { k = 1.5 }
}
`

func TestDecode(t *testing.T) {
	d, errs := hclschema.Decode("f.hcl", []byte(src), shapes, hclschema.Limits{})
	require.Empty(t, errs)
	assert.Equal(t, map[string]any{
		"top": int64(1),
		"item": map[string]any{"a": map[string]any{
			"b": map[string]any{"size": int64(2), "tags": []any{"x", "y"}},
			"c": map[string]any{"size": int64(-3)},
		}},
		"note": []any{map[string]any{"text": "one"}, map[string]any{"text": "two three"}},
		"opts": map[string]any{"m": map[string]any{"k": 1.5}},
	}, d.Value)
	assert.Equal(t, "f.hcl:2:1", d.Pos("item", "a", "b").String())
	assert.Equal(t, "f.hcl:3:3", d.Pos("item", "a", "b", "size").String())
	assert.Equal(t, "f.hcl:4:3", d.Pos("item", "a", "b", "tags", "1").String(), "a list element is at its attribute")
	assert.Equal(t, "f.hcl:12:1", d.Pos("note", "1").String())
	assert.Equal(t, `item "a" "c"`, d.Describe([]string{"item", "a", "c"}))
	assert.Equal(t, "size", d.Describe([]string{"item", "a", "c", "size"}))
	assert.Equal(t, "tags[1]", d.Describe([]string{"item", "a", "b", "tags", "1"}))
	assert.Equal(t, "note block", d.Describe([]string{"note", "0"}))
	assert.Equal(t, "opts block", d.Describe([]string{"opts"}))
}

func TestValidatePositions(t *testing.T) {
	schema := `{
	  "type": "object", "additionalProperties": false,
	  "properties": {
	    "top": {"type": "string"},
	    "item": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {
	      "type": "object", "additionalProperties": false, "required": ["size"],
	      "properties": {"size": {"type": "integer", "minimum": 0}, "tags": {"type": "array"}}}}},
	    "note": {"type": "array"}
	  }
	}`
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("s.json", doc))
	s, err := c.Compile("s.json")
	require.NoError(t, err)

	d, errs := hclschema.Decode("f.hcl", []byte(src+"item \"a\" \"d\" {\n  sise = 1\n}\n"), shapes, hclschema.Limits{})
	require.Empty(t, errs)
	var got []string
	for _, e := range d.Validate(s, nil) {
		got = append(got, e.Error())
	}
	assert.Equal(t, []string{
		"f.hcl:1:1: top must be a string, not number",
		"f.hcl:7:3: size must be at least 0, not -3",
		"f.hcl:15:1: unknown block \"opts\"",
		"f.hcl:18:1: item \"a\" \"d\" is missing attribute \"size\"",
		"f.hcl:19:3: unknown attribute \"sise\" in item \"a\" \"d\"",
	}, got, "each error at its own attribute or block")
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"a = [\n", "f.hcl:2:1: missing expression"},
		{"item \"a\" {}\n", `f.hcl:1:1: item block needs 2 label (kind, name), not 1`},
		{"opts {}\nopts {}\n", `f.hcl:2:1: opts block is already declared at f.hcl:1:1`},
		{"item \"a\" \"b\" {}\nitem \"a\" \"b\" {}\n", `f.hcl:2:1: item "a" "b" is already declared at f.hcl:1:1`},
		{"opts = 1\nopts {}\n", `f.hcl:2:1: opts is already set as an attribute at f.hcl:1:1`},
		{"a = b\n", `f.hcl:1:5: a: only constant values are allowed here`},
		{"a = 1 + 2\n", `f.hcl:1:5: a: only constant values are allowed here`},
		{"a = true ? 1 : 2\n", `only constant values are allowed here`},
		{"a = \"%{ for x in [1] }x%{ endfor }\"\n", `only constant values are allowed here`},
		{"a = {(b) = 1}\n", `only constant values are allowed here`},
		{"a = " + strings.Repeat("(", 33) + "1" + strings.Repeat(")", 33) + "\n", `f.hcl:1:37: nested more than 32 levels deep`},
		{"a = \"" + strings.Repeat("${\"", 33) + "\"", `nested more than 32 levels deep`},
		{strings.Repeat("#", 2<<20), `f.hcl: file is 2097152 bytes, over the limit of 1048576`},
	} {
		_, errs := hclschema.Decode("f.hcl", []byte(tc.src), shapes, hclschema.Limits{})
		require.NotEmpty(t, errs, tc.src)
		assert.Contains(t, errs.Error(), tc.want, tc.src[:min(len(tc.src), 40)])
	}
}
