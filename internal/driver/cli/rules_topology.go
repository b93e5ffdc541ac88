package cli

import (
	"strings"

	"github.com/nines-dev/nines/internal/report"
	"github.com/nines-dev/nines/rules"
)

func init() { ruleSources = append(ruleSources, topologyRules) }

// topologyRules lists the built-in Rego rules for nines rules.
func topologyRules() []RuleDoc {
	var out []RuleDoc
	for _, r := range rules.MustAll() {
		doc := r.ID + ": " + r.Title + " (severity " + r.Severity + ")\n\n" + strings.TrimSpace(r.Description) +
			"\n\nBad:\n\n" + indent(r.ExampleBad) + "\nGood:\n\n" + indent(r.ExampleGood)
		out = append(out, RuleDoc{Name: r.ID, Kind: "topology", Severity: r.Severity, Summary: r.Title, Doc: doc, URL: ruleURL(r)})
	}
	return out
}

func ruleURL(r rules.Rule) string {
	if r.URL != "" {
		return r.URL
	}
	return report.TopologyRuleURL(r.ID)
}

func indent(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if line != "" {
			b.WriteString("    " + line)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
