package schema

import (
	"fmt"
	"strings"

	"github.com/nines-dev/nines/internal/hclschema"
)

// Reference renders the attribute table of a block type, named by the
// types from the top level down ("journey", "service", "call"), as the
// language reference in docs/topology.md shows it: name, type, default
// and meaning, all from the schema.
func Reference(path ...string) (string, error) {
	b, err := Blocks()
	if err != nil {
		return "", err
	}
	for _, typ := range path {
		if b = b.Block(typ); b == nil {
			return "", fmt.Errorf("the topology schema has no block %q", strings.Join(path, "."))
		}
	}
	var out strings.Builder
	out.WriteString("| attribute | type | default | meaning |\n|---|---|---|---|\n")
	for _, a := range b.Attrs {
		fmt.Fprintf(&out, "| `%s` | %s | %s | %s |\n", a.Name, typeOf(a), defaultOf(a), meaningOf(a))
	}
	return out.String(), nil
}

func typeOf(a *hclschema.Attr) string {
	switch {
	case a.Ref == "availability" || a.Ref == "duration":
		return a.Ref
	case len(a.Enum) > 0:
		vals := make([]string, len(a.Enum))
		for i, v := range a.Enum {
			vals[i] = literal(v)
		}
		return strings.Join(vals, ", ")
	case len(a.Type) == 1 && a.Type[0] == "array" && a.Items != nil:
		return "list of " + typeOf(a.Items) + "s"
	}
	return strings.Join(a.Type, " or ")
}

func defaultOf(a *hclschema.Attr) string {
	switch {
	case a.HasDefault:
		return literal(a.Default)
	case a.Required:
		return "required"
	}
	return "none"
}

func meaningOf(a *hclschema.Attr) string {
	s := strings.TrimSuffix(hclschema.LowerFirst(a.Description), ".")
	return strings.ReplaceAll(s, "|", `\|`)
}

func literal(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("`%q`", s)
	}
	return fmt.Sprintf("`%v`", v)
}
