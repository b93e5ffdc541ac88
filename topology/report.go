package topology

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/nines-dev/nines/internal/driver/version"
	"github.com/nines-dev/nines/internal/report/sarif"
	"github.com/nines-dev/nines/rules"
)

// Formats names the output formats of a report, in the order of the help text.
var Formats = []string{"text", "json", "sarif", "github"}

// WriteOptions tune how a report is written.
type WriteOptions struct {
	// Simulated, when set, is printed beside the analytic availability.
	Simulated []Simulated
	// Source, when set, is where the topology files are read from for
	// the line texts that make SARIF fingerprints survive moved lines.
	Source fs.FS
}

// Write writes the report in the named format.
func Write(w io.Writer, format string, r *Report, opts WriteOptions) error {
	switch format {
	case "text":
		return writeText(w, r, opts)
	case "json":
		return writeJSON(w, r, opts)
	case "sarif":
		return writeSARIF(w, r, opts.Source)
	case "github":
		return writeGitHub(w, r)
	}
	return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(Formats, ", "))
}

func writeText(w io.Writer, r *Report, opts WriteOptions) error {
	bw := bufio.NewWriter(w)
	errs, warns := 0, 0
	for _, f := range r.Findings {
		fmt.Fprintf(bw, "%s:%d:%d: %s: %s (%s)\n", f.File, f.Line, f.Column, f.Severity, f.Message, f.Rule)
		if f.Severity == SeverityError {
			errs++
		} else {
			warns++
		}
	}
	summary := fmt.Sprintf("%s, %s", count(errs, "error"), count(warns, "warning"))
	if len(r.Waived) > 0 {
		summary += fmt.Sprintf(", %d waived by exceptions", len(r.Waived))
	}
	fmt.Fprintln(bw, summary)
	if len(r.Journeys) > 0 {
		fmt.Fprintln(bw)
		sim := map[string]Simulated{}
		for _, s := range opts.Simulated {
			sim[s.Journey] = s
		}
		tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
		header := "JOURNEY\tENTRY\tAVAILABILITY\tSLO\tMET\tWINDOW\tDOWNTIME\tBUDGET\tTOP CONTRIBUTORS"
		if len(sim) > 0 {
			header = "JOURNEY\tENTRY\tAVAILABILITY\tSIMULATED (±2σ)\tSLO\tMET\tWINDOW\tDOWNTIME\tBUDGET\tTOP CONTRIBUTORS"
		}
		fmt.Fprintln(tw, header)
		for _, j := range r.Journeys {
			met := "yes"
			if !j.MeetsSLO {
				met = "NO"
			}
			var top []string
			for _, c := range j.Contributors {
				if c.Share < 0.005 {
					top = append(top, c.Component+" <1%")
					continue
				}
				top = append(top, fmt.Sprintf("%s %.0f%%", c.Component, c.Share*100))
			}
			if len(top) == 0 {
				top = []string{"-"}
			}
			simCol := ""
			if s, ok := sim[j.Journey.Name]; ok {
				simCol = fmt.Sprintf("%s ± %s\t", Percent(s.Availability), trimFloat(2*s.StdErr*100)+"%")
			} else if len(sim) > 0 {
				simCol = "-\t"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s%s\t%s\t%s\t%s\t%s\t%s\n",
				j.Journey.Name, j.Journey.Entry, Percent(j.Availability), simCol, Objective(j.Journey.SLO), met,
				j.Journey.Window, Minutes(j.DowntimeMinutes), Minutes(j.ErrorBudgetMinutes), strings.Join(top, ", "))
		}
		tw.Flush()
	}
	if len(r.Waived) > 0 {
		fmt.Fprintln(bw, "\nwaived:")
		for _, f := range r.Waived {
			fmt.Fprintf(bw, "  %s:%d:%d: %s (%s): %s\n", f.File, f.Line, f.Column, f.Subject, f.Rule, f.Reason)
		}
	}
	for _, e := range r.UnusedExceptions {
		fmt.Fprintf(bw, "\n%s: note: exception for %s on %q waives nothing: remove it or correct its rule or subject", e.Pos, e.Rule, e.Subject)
	}
	if len(r.UnusedExceptions) > 0 {
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Percent formats an availability with enough decimals to show two
// significant digits of its unavailability: 99.95%, 99.9995%, 100%.
func Percent(a float64) string {
	if a >= 1 {
		return "100%"
	}
	u := (1 - a) * 100
	d := 2
	if u > 0 {
		d = max(2, min(12, 2-int(math.Floor(math.Log10(u)))))
	}
	return strconv.FormatFloat(a*100, 'f', d, 64) + "%"
}

// Objective formats an SLO as written: 99.95%, 99.9%.
func Objective(a float64) string {
	return strconv.FormatFloat(math.Round(a*100*1e9)/1e9, 'f', -1, 64) + "%"
}

// Minutes formats a number of minutes for a table.
func Minutes(m float64) string {
	switch {
	case m >= 100:
		return fmt.Sprintf("%.0f min", m)
	case m >= 1:
		return fmt.Sprintf("%.1f min", m)
	case m*60 >= 1:
		return fmt.Sprintf("%.1f s", m*60)
	}
	return fmt.Sprintf("%.2f s", m*60)
}

func trimFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', 2, 64)
}

// jsonReport is the JSON document: findings and journeys, sorted.
type jsonReport struct {
	Findings []Finding     `json:"findings"`
	Journeys []jsonJourney `json:"journeys"`
	Waived   []Waived      `json:"waived"`
}

type jsonJourney struct {
	Name               string        `json:"name"`
	Entry              string        `json:"entry"`
	SLO                float64       `json:"slo"`
	Availability       float64       `json:"availability"`
	MeetsSLO           bool          `json:"meets_slo"`
	Window             string        `json:"window"`
	DowntimeMinutes    float64       `json:"downtime_minutes"`
	ErrorBudgetMinutes float64       `json:"error_budget_minutes"`
	Contributors       []Contributor `json:"contributors"`
	Simulated          *Simulated    `json:"simulated,omitempty"`
}

func writeJSON(w io.Writer, r *Report, opts WriteOptions) error {
	out := jsonReport{Findings: r.Findings, Journeys: []jsonJourney{}, Waived: r.Waived}
	if out.Findings == nil {
		out.Findings = []Finding{}
	}
	if out.Waived == nil {
		out.Waived = []Waived{}
	}
	for _, j := range r.Journeys {
		jj := jsonJourney{
			Name: j.Journey.Name, Entry: j.Journey.Entry, SLO: j.Journey.SLO,
			Availability: j.Availability, MeetsSLO: j.MeetsSLO, Window: j.Journey.Window,
			DowntimeMinutes: j.DowntimeMinutes, ErrorBudgetMinutes: j.ErrorBudgetMinutes,
			Contributors: j.Contributors,
		}
		if jj.Contributors == nil {
			jj.Contributors = []Contributor{}
		}
		for _, s := range opts.Simulated {
			if s.Journey == j.Journey.Name {
				jj.Simulated = &s
			}
		}
		out.Journeys = append(out.Journeys, jj)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encoding the report as JSON: %w", err)
	}
	return nil
}

func writeGitHub(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		level := "error"
		if f.Severity != SeverityError {
			level = "warning"
		}
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
			ghProperty(f.File), f.Line, f.Column, ghProperty(f.Rule), ghData(f.Message))
	}
	return bw.Flush()
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// RuleDocURL is the documentation page of a topology rule.
func RuleDocURL(rule string) string {
	return "https://github.com/nines-dev/nines/blob/main/docs/rules/topology/" + rule + ".md"
}

func writeSARIF(w io.Writer, r *Report, source fs.FS) error {
	meta := ruleMetadata()
	levels := map[string]string{}
	var results []sarif.Result
	add := func(f Finding, suppressed bool, reason string) {
		if _, ok := levels[f.Rule]; !ok || f.Severity == SeverityError {
			levels[f.Rule] = sarifLevel(f.Severity)
		}
		results = append(results, sarif.Result{
			RuleID: f.Rule, Level: sarifLevel(f.Severity), Message: f.Message,
			File: f.File, StartLine: f.Line, StartColumn: f.Column,
			Suppressed: suppressed, Justification: reason,
		})
	}
	for _, f := range r.Findings {
		add(f, false, "")
	}
	for _, f := range r.Waived {
		add(f.Finding, true, f.Reason)
	}
	if source != nil {
		// Best effort: a result without its line text keeps a fingerprint
		// from its position alone.
		_ = sarif.LineTexts(source, results)
	}
	var sr []sarif.Rule
	for id, level := range levels {
		m := meta[id]
		short, url := m.title, m.url
		if short == "" {
			short = id // a user policy
		}
		if url == "" && !strings.HasPrefix(id, "custom/") {
			url = RuleDocURL(id)
		}
		sr = append(sr, sarif.Rule{ID: id, Short: short, Full: m.description, Help: m.description, HelpURI: url, Level: level})
	}
	slices.SortFunc(sr, func(a, b sarif.Rule) int { return strings.Compare(a.ID, b.ID) })
	return sarif.Write(w, sarif.Tool{Name: "nines", Version: version.String(), InformationURI: "https://github.com/nines-dev/nines"}, sr, results)
}

func sarifLevel(sev string) string {
	if sev == SeverityError {
		return sarif.Error
	}
	return sarif.Warning
}

type ruleMeta struct{ title, description, url string }

// ruleMetadata reads the title, description and page of every built-in
// rule from the rules package (its Rego METADATA).
func ruleMetadata() map[string]ruleMeta {
	out := map[string]ruleMeta{}
	all, err := rules.All()
	if err != nil {
		return out // SARIF then names rules by id alone
	}
	for _, r := range all {
		out[r.ID] = ruleMeta{title: r.Title, description: r.Description, url: r.URL}
	}
	return out
}
