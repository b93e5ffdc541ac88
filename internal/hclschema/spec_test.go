package hclschema_test

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/hclschema"
)

const shopSchema = `{
  "type": "object",
  "properties": {
    "shop": {"type": "object", "x-hcl-label": "name", "additionalProperties": {"$ref": "#/$defs/shop"}},
    "note": {"type": "array", "x-hcl-repeated": true, "items": {"$ref": "#/$defs/note"}}
  },
  "$defs": {
    "price": {"type": ["string", "number"], "description": "A price."},
    "shop": {
      "type": "object",
      "required": ["size"],
      "properties": {
        "size": {"type": "integer", "default": 3, "description": "How big."},
        "price": {"$ref": "#/$defs/price"},
        "open": {"type": "boolean", "default": true},
        "kind": {"enum": ["a", "b"], "default": "a"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "aisle": {"type": "object", "x-hcl-label": "number", "additionalProperties": {"properties": {"price": {"$ref": "#/$defs/price"}}}},
        "ratio": {"type": "number", "default": 0.5}
      }
    },
    "note": {"properties": {"text": {"type": "string"}}}
  }
}`

func TestBlocksOf(t *testing.T) {
	root, err := hclschema.BlocksOf([]byte(shopSchema))
	require.NoError(t, err)
	assert.Equal(t, &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "shop", LabelNames: []string{"name"}},
		{Type: "note"},
	}}, root.Body)

	shop := root.Block("shop")
	require.NotNil(t, shop)
	assert.Equal(t, &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "size"}, {Name: "price"}, {Name: "open"}, {Name: "kind"}, {Name: "tags"}, {Name: "ratio"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "aisle", LabelNames: []string{"number"}}},
	}, shop.Body, "attributes and blocks in the schema's order")
	assert.Equal(t, &hclschema.Attr{Name: "size", Description: "How big.", Type: []string{"integer"}, Default: int64(3), HasDefault: true, Required: true}, shop.Attr("size"))
	assert.Equal(t, &hclschema.Attr{Name: "price", Description: "A price.", Ref: "price", Type: []string{"string", "number"}}, shop.Attr("price"), "what the $ref says")
	assert.Equal(t, []any{"a", "b"}, shop.Attr("kind").Enum)
	assert.Equal(t, 0.5, shop.Attr("ratio").Default)
	assert.Equal(t, true, shop.Attr("open").Default)
	assert.Equal(t, []string{"string"}, shop.Attr("tags").Items.Type)

	note := root.Block("note")
	assert.True(t, note.List)
	assert.Empty(t, note.Label)
	assert.Equal(t, []string{"price"}, root.AttrsWithRef("price"), "once, though two blocks have it")
	assert.Nil(t, root.Block("aisle"), "a nested block is its parent's")
	assert.NotNil(t, shop.Block("aisle"))
}

func TestBlocksOfErrors(t *testing.T) {
	for _, src := range []string{
		`[]`,
		`{"properties": {"a": {"$ref": "#/$defs/missing"}}}`,
		`{"properties": {"a": {"$ref": "other.json#/x"}}}`,
		`{"properties": {"a": {"x-hcl-label": "name"}}}`,
		`{"properties": {"a": 1}}`,
		`{"properties": `,
	} {
		_, err := hclschema.BlocksOf([]byte(src))
		assert.Error(t, err, src)
	}
}
