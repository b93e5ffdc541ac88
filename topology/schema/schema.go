// Package schema embeds the JSON Schema of nines topology files. The same
// file is published for editors (it validates the JSON syntax of a topology
// file) and is what the loader validates every decoded file against.
package schema

import _ "embed"

// JSON is the schema document, draft 2020-12.
//
//go:embed topology.schema.json
var JSON []byte

// URL is the schema's $id.
const URL = "https://github.com/nines-dev/nines/blob/main/topology/schema/topology.schema.json"
