// Package schema embeds the JSON Schema of nines topology files. The same
// file is published for editors (it validates the JSON syntax of a topology
// file) and is what the loader validates every decoded file against.
package schema

import (
	_ "embed"
	"sync"

	"github.com/nines-dev/nines/internal/hclschema"
)

// JSON is the schema document, draft 2020-12.
//
//go:embed topology.schema.json
var JSON []byte

// URL is the schema's $id.
const URL = "https://github.com/nines-dev/nines/blob/main/topology/schema/topology.schema.json"

// Blocks is the language the schema describes: the block types, their
// labels and attributes, in the schema's order. The loader's HCL body
// schemas and the attribute reference in docs/topology.md come from it.
var Blocks = sync.OnceValues(func() (*hclschema.Block, error) {
	return hclschema.BlocksOf(JSON)
})
