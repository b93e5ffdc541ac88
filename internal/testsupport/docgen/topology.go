package docgen

import (
	"context"
	"fmt"
	"strings"

	"github.com/nines-dev/nines/rules"
	"github.com/nines-dev/nines/topology"
)

// TopologyPage renders the documentation page of one topology rule. The
// findings shown under the bad example are produced by running the checks
// on it, so the page shows exactly what users will see.
func TopologyPage(r rules.Rule) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.ID)
	fmt.Fprintf(&b, "> %s\n\n", r.Title)
	fmt.Fprintf(&b, "Topology rule · severity **%s** · runs in `nines topo`, `nines check` and the playground.\n\n", r.Severity)
	fmt.Fprintf(&b, "%s\n", strings.TrimSpace(r.Description))

	bad, err := findingsOf(r.ExampleBad, r.ID)
	if err != nil {
		return "", fmt.Errorf("%s: bad example: %w", r.ID, err)
	}
	if len(bad) == 0 {
		return "", fmt.Errorf("%s: the bad example does not trigger the rule", r.ID)
	}
	good, err := findingsOf(r.ExampleGood, r.ID)
	if err != nil {
		return "", fmt.Errorf("%s: good example: %w", r.ID, err)
	}
	if len(good) != 0 {
		return "", fmt.Errorf("%s: the good example triggers the rule: %s", r.ID, good[0])
	}

	b.WriteString("\n## Bad\n\n```hcl\n" + strings.TrimSpace(r.ExampleBad) + "\n```\n\n")
	b.WriteString("`nines topo` reports:\n\n```text\n")
	for _, f := range bad {
		b.WriteString(f + "\n")
	}
	b.WriteString("```\n\n## Good\n\n```hcl\n" + strings.TrimSpace(r.ExampleGood) + "\n```\n")
	b.WriteString(strings.Replace(playgroundLine(r.ID), "../../site", "../../../../site", 1))

	b.WriteString("\n## Configuration\n\n")
	fmt.Fprintf(&b, "Turn the rule off or change its severity in `.nines.hcl`:\n\n```hcl\nrule %q {\n  enabled  = false      # or\n  severity = \"warning\"\n}\n```\n\n", r.ID)
	b.WriteString("Thresholds (`max_retries`, `amplification_limit`, `timeout_margin`) are set in the `thresholds` block; see [configuration](../../../configuration.md).\n")
	b.WriteString("\n## Suppression\n\n")
	b.WriteString("Accept one finding, with a reason that is required and counted in the output, by an `exception` block in a topology file:\n\n")
	fmt.Fprintf(&b, "```hcl\nexception {\n  rule    = %q\n  subject = \"NAME\"   # the component, the call (\"from->to\") or the journey\n  reason  = \"why this is acceptable\"\n}\n```\n", r.ID)
	return b.String(), nil
}

// findingsOf checks one example topology and returns the findings of rule,
// formatted as the text output prints them.
func findingsOf(src, rule string) ([]string, error) {
	rep, err := topology.CheckFiles(context.Background(), map[string][]byte{"example.nines.hcl": []byte(src)}, topology.Options{})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range rep.Findings {
		if f.Rule == rule {
			out = append(out, fmt.Sprintf("%s:%d:%d: %s: %s (%s)", f.File, f.Line, f.Column, f.Severity, f.Message, f.Rule))
		}
	}
	return out, nil
}
