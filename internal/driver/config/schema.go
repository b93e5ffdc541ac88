package config

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/analysis/ruledoc"
)

// SchemaJSON is the JSON Schema of the decoded configuration file, as
// published for editors and tools. Its analyzer settings are generated
// from the analyzers' flags and its rule list from the topology rules; a
// test fails when it is stale (go test ./internal/driver/config -run TestSchemaUpToDate -update rewrites it).
//
//go:embed config.schema.json
var SchemaJSON []byte

// SchemaURL is the schema's $id.
const SchemaURL = "https://github.com/nines-dev/nines/blob/main/internal/driver/config/config.schema.json"

// Reserved attributes of an analyzer block; a flag of the same name cannot
// be set from the file.
var analyzerReserved = []string{"enabled", "exclude"}

// AttrName is the attribute that sets an analyzer flag: the flag's name
// with "-" and "." written "_" (max-attempts is max_attempts).
func AttrName(flagName string) string {
	return strings.NewReplacer("-", "_", ".", "_").Replace(flagName)
}

// flagSchema describes the value of one analyzer flag, from the type of
// the flag's value, so that a new flag needs no change here.
func flagSchema(f *flag.Flag) map[string]any {
	s := map[string]any{"description": f.Usage}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		s["type"] = "boolean"
		if v, err := strconv.ParseBool(f.DefValue); err == nil {
			s["default"] = v
		}
		return s
	}
	var got any
	if g, ok := f.Value.(flag.Getter); ok {
		got = g.Get()
	}
	switch got.(type) {
	case int, int64:
		s["type"] = "integer"
		if v, err := strconv.ParseInt(f.DefValue, 10, 64); err == nil {
			s["default"] = v
		}
	case uint, uint64:
		s["type"] = "integer"
		s["minimum"] = 0
		if v, err := strconv.ParseUint(f.DefValue, 10, 64); err == nil {
			s["default"] = v
		}
	case float64:
		s["type"] = "number"
		if v, err := strconv.ParseFloat(f.DefValue, 64); err == nil {
			s["default"] = v
		}
	case time.Duration:
		s["type"] = "string"
		s["description"] = f.Usage + " (a Go duration such as \"2s\")"
		s["default"] = f.DefValue
	default:
		s["type"] = "string"
		s["default"] = f.DefValue
	}
	return s
}

func analyzerSchemas(as []*analysis.Analyzer) map[string]any {
	out := map[string]any{}
	for _, a := range as {
		props := map[string]any{
			"enabled": map[string]any{"type": "boolean", "description": "false turns the analyzer off."},
			"exclude": map[string]any{"$ref": "#/$defs/globs", "description": "Findings of this analyzer in matching files are dropped."},
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			name := AttrName(f.Name)
			if !slices.Contains(analyzerReserved, name) {
				props[name] = flagSchema(f)
			}
		})
		out[a.Name] = map[string]any{
			"type":                 "object",
			"description":          ruledoc.Summary(a.Doc),
			"additionalProperties": false,
			"properties":           props,
		}
	}
	return out
}

// RuleInfo is a topology rule as the schema lists it.
type RuleInfo struct{ ID, Title string }

// GenerateSchema returns the schema document for the given analyzers and
// topology rules, formatted as it is committed.
func GenerateSchema(as []*analysis.Analyzer, rules []RuleInfo) ([]byte, error) {
	doc, err := baseSchema()
	if err != nil {
		return nil, err
	}
	setAnalyzers(doc, as)
	ruleProps := map[string]any{}
	for _, r := range rules {
		ruleProps[r.ID] = map[string]any{"$ref": "#/$defs/rule", "description": r.Title}
	}
	doc["properties"].(map[string]any)["rule"].(map[string]any)["properties"] = ruleProps
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("writing the configuration schema: %w", err)
	}
	return buf.Bytes(), nil
}

func baseSchema() (map[string]any, error) {
	var doc map[string]any
	if err := json.Unmarshal(SchemaJSON, &doc); err != nil {
		return nil, fmt.Errorf("reading the configuration schema: %w", err)
	}
	return doc, nil
}

func setAnalyzers(doc map[string]any, as []*analysis.Analyzer) {
	doc["properties"].(map[string]any)["analyzer"].(map[string]any)["properties"] = analyzerSchemas(as)
}

// builtinRules are the rule ids the committed schema lists.
var builtinRules = sync.OnceValue(func() []string {
	doc, err := baseSchema()
	if err != nil {
		return nil
	}
	props, _ := doc["properties"].(map[string]any)["rule"].(map[string]any)["properties"].(map[string]any)
	return slices.Sorted(maps.Keys(props))
})

var schemaCache struct {
	sync.Mutex
	key    string
	schema *jsonschema.Schema
}

// compiledSchema compiles the schema for the given analyzers, reusing the
// last one when the analyzers are the same.
func compiledSchema(as []*analysis.Analyzer) (*jsonschema.Schema, error) {
	doc, err := baseSchema()
	if err != nil {
		return nil, err
	}
	setAnalyzers(doc, as)
	key, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("building the configuration schema: %w", err)
	}
	schemaCache.Lock()
	defer schemaCache.Unlock()
	if schemaCache.schema != nil && schemaCache.key == string(key) {
		return schemaCache.schema, nil
	}
	loaded, err := jsonschema.UnmarshalJSON(bytes.NewReader(key))
	if err != nil {
		return nil, fmt.Errorf("reading the configuration schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURL, loaded); err != nil {
		return nil, fmt.Errorf("adding the configuration schema: %w", err)
	}
	s, err := c.Compile(SchemaURL)
	if err != nil {
		return nil, fmt.Errorf("compiling the configuration schema: %w", err)
	}
	schemaCache.key, schemaCache.schema = string(key), s
	return s, nil
}
