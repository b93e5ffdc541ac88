package cli

import (
	"flag"
	"fmt"
	"go/doc/comment"
	"slices"
	"strings"
	"text/tabwriter"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/driver/version"
	"github.com/nines-dev/nines/internal/report/sarif"
)

// RuleDoc is one rule as nines rules and SARIF describe it.
type RuleDoc struct {
	Name     string
	Kind     string // "go" for an analyzer, "topology" for a topology rule
	Severity string // the level of its findings in SARIF: "error" or "warning"
	Summary  string // one line, lowercase, no period
	Doc      string // the full documentation, starting "NAME: summary"
	Flags    string // for an analyzer, its flags as a table for the terminal
	URL      string
}

// ruleSources lists where rules come from. The Go analyzers are the first;
// the topology side appends its own from an init function in its file:
//
//	func init() { ruleSources = append(ruleSources, topologyRules) }
//
// so nines rules lists and documents both kinds.
var ruleSources = []func() []RuleDoc{analyzerRules}

func analyzerRules() []RuleDoc {
	var out []RuleDoc
	for _, a := range allAnalyzers() {
		out = append(out, RuleDoc{Name: a.Name, Kind: "go", Severity: "warning", Summary: ruledoc.Summary(a.Doc), Doc: a.Doc, Flags: flagTable(a), URL: a.URL})
	}
	return out
}

// flagTable lists an analyzer's flags as its docs page does (docgen), for
// the terminal page of nines rules NAME; empty when it has none.
func flagTable(a *analysis.Analyzer) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	a.Flags.VisitAll(func(f *flag.Flag) { // VisitAll visits in name order
		fmt.Fprintf(tw, "  -%s.%s\t%s\t%s\n", a.Name, f.Name, f.DefValue, f.Usage)
	})
	tw.Flush()
	if b.Len() == 0 {
		return ""
	}
	return b.String()
}

// ruleDocs returns every rule of every source, sorted by name.
func ruleDocs() []RuleDoc {
	var out []RuleDoc
	for _, src := range ruleSources {
		out = append(out, src()...)
	}
	slices.SortFunc(out, func(a, b RuleDoc) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func runRules(env *Env, args []string) int {
	rules := ruleDocs()
	switch len(args) {
	case 0:
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		for _, r := range rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, r.Kind, r.Severity, r.Summary)
		}
		tw.Flush()
		return ExitClean
	case 1:
		for _, r := range rules {
			if r.Name == args[0] {
				fmt.Fprintln(env.Stdout, strings.TrimSpace(r.Doc))
				if r.Flags != "" {
					fmt.Fprintf(env.Stdout, "\nFlags (flag, default, meaning):\n\n%s", r.Flags)
				}
				if r.URL != "" {
					fmt.Fprintf(env.Stdout, "\nDocumentation: %s\n", r.URL)
				}
				return ExitClean
			}
		}
		var near []string
		for _, r := range rules {
			if strings.HasSuffix(r.Name, "/"+args[0]) || strings.Contains(args[0], "/") && strings.HasSuffix(args[0], "/"+r.Name) {
				near = append(near, r.Name)
			}
		}
		if len(near) > 0 {
			fmt.Fprintf(env.Stderr, "nines rules: unknown rule %q; did you mean %s?\n", args[0], strings.Join(near, " or "))
			return ExitError
		}
		fmt.Fprintf(env.Stderr, "nines rules: unknown rule %q; run nines rules for the list\n", args[0])
		return ExitError
	}
	fmt.Fprintln(env.Stderr, "usage: nines rules [NAME]")
	return ExitError
}

func versionString() string { return version.String() }

func sarifTool() sarif.Tool {
	return sarif.Tool{Name: "nines", Version: versionString(), InformationURI: "https://github.com/nines-dev/nines"}
}

// SARIFRule describes a rule for SARIF: summary, first paragraph, the
// documentation as text and as markdown (GitHub renders the latter).
func SARIFRule(r RuleDoc) sarif.Rule {
	body := ruledoc.Body(r.Doc)
	full, _, _ := strings.Cut(body, "\n\n")
	full = strings.Join(strings.Fields(full), " ")
	var p comment.Parser
	md := (&comment.Printer{}).Markdown(p.Parse(r.Doc))
	return sarif.Rule{
		ID:           r.Name,
		Short:        r.Summary,
		Full:         full,
		Help:         r.Doc,
		HelpMarkdown: string(md),
		HelpURI:      r.URL,
	}
}

// sarifRules describes the analyzers that ran.
func sarifRules(as []*analysis.Analyzer) []sarif.Rule {
	byName := make(map[string]RuleDoc)
	for _, r := range ruleDocs() {
		byName[r.Name] = r
	}
	var out []sarif.Rule
	for _, a := range as {
		r, ok := byName[a.Name]
		if !ok {
			r = RuleDoc{Name: a.Name, Summary: ruledoc.Summary(a.Doc), Doc: a.Doc, URL: a.URL}
		}
		out = append(out, SARIFRule(r))
	}
	return out
}
