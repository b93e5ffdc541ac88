package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/percent"
)

// Text prints one line per reported finding, file:line:col: message (rule),
// as go vet does; a topology run adds the severity to each line, then a
// summary line, the journeys table, the waived findings and the notes.
// Names and messages have their control characters escaped.
type Text struct{}

func (Text) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, run := range r.Runs {
		switch run.Kind {
		case Vet:
			for _, f := range reported(run.Findings) {
				fmt.Fprintf(bw, "%s:%d:%d: %s (%s)\n", escapeControl(Short(r.WorkDir, f.File)), f.Line, f.Column, escapeControl(f.Message), escapeControl(f.Rule))
				// Further sites as go vet prints related information:
				// indented after a tab, so line-based tools skip them.
				for _, rel := range f.Related {
					fmt.Fprintf(bw, "%s:%d:%d: \t%s\n", escapeControl(Short(r.WorkDir, rel.File)), rel.Line, rel.Column, escapeControl(rel.Message))
				}
			}
		case Topo:
			writeTopoText(bw, run)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing findings: %w", err)
	}
	return nil
}

// writeTopoText prints a topology run. Its file names are printed as the
// user named them, as its load errors name them.
func writeTopoText(bw *bufio.Writer, run *Run) {
	errs, warns, notes, waived := 0, 0, 0, 0
	for _, f := range run.Findings {
		switch {
		case f.Suppressed:
			waived++
			continue
		case f.Severity == SeverityError:
			errs++
		case f.Severity == SeverityNote:
			notes++
		default:
			warns++
		}
		fmt.Fprintf(bw, "%s:%d:%d: %s: %s (%s)\n", escapeControl(f.File), f.Line, f.Column, escapeControl(f.Severity), escapeControl(f.Message), escapeControl(f.Rule))
	}
	summary := fmt.Sprintf("%s, %s", count(errs, "error"), count(warns, "warning"))
	if notes > 0 {
		summary += ", " + count(notes, "note")
	}
	if waived > 0 {
		summary += fmt.Sprintf(", %d waived by exceptions", waived)
	}
	fmt.Fprintln(bw, summary)
	if len(run.Journeys) > 0 {
		fmt.Fprintln(bw)
		writeJourneys(bw, run.Journeys)
	}
	if waived > 0 {
		fmt.Fprintln(bw, "\nwaived:")
		for _, f := range run.Findings {
			if f.Suppressed {
				fmt.Fprintf(bw, "  %s:%d:%d: %s (%s): %s\n", escapeControl(f.File), f.Line, f.Column, escapeControl(f.Subject), escapeControl(f.Rule), escapeControl(f.Justification))
			}
		}
	}
	for _, n := range run.Notes {
		fmt.Fprintf(bw, "\n%s: note: %s", escapeControl(n.Pos.String()), escapeControl(n.Message))
	}
	if len(run.Notes) > 0 {
		fmt.Fprintln(bw)
	}
}

// writeJourneys prints the journeys table, with a column of simulated
// availabilities when any journey has one.
func writeJourneys(bw *bufio.Writer, journeys []Journey) {
	simulated := false
	for _, j := range journeys {
		simulated = simulated || j.Simulated != nil
	}
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	header := "JOURNEY\tENTRY\tAVAILABILITY\tSLO\tMET\tWINDOW\tDOWNTIME\tBUDGET\tTOP CONTRIBUTORS"
	if simulated {
		header = "JOURNEY\tENTRY\tAVAILABILITY\tSIMULATED (±2σ)\tSLO\tMET\tWINDOW\tDOWNTIME\tBUDGET\tTOP CONTRIBUTORS"
	}
	fmt.Fprintln(tw, header)
	for _, j := range journeys {
		met := "yes"
		switch {
		case j.Undecided:
			met = "undecided"
		case !j.MeetsSLO:
			met = "NO"
		}
		availability := topology.PercentBelow(j.Availability, j.SLO)
		if j.AvailabilityUpper != nil {
			// A certified interval: the exact value needs more work than
			// nines allows itself.
			availability = percent.Format(j.Availability) + ".." + percent.Format(*j.AvailabilityUpper)
		}
		var top []string
		for _, c := range j.Contributors {
			if c.Share < 0.005 {
				top = append(top, escapeControl(c.Label())+" <1%")
				continue
			}
			top = append(top, fmt.Sprintf("%s %.0f%%", escapeControl(c.Label()), c.Share*100))
		}
		if len(top) == 0 {
			top = []string{"-"}
		}
		simCol := ""
		if s := j.Simulated; s != nil {
			simCol = fmt.Sprintf("%s ± %s\t", topology.Percent(s.Availability), strconv.FormatFloat(2*s.StdErr*100, 'g', 2, 64)+"%")
		} else if simulated {
			simCol = "-\t"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s%s\t%s\t%s\t%s\t%s\t%s\n",
			escapeControl(j.Name), escapeControl(j.Entry), availability, simCol, topology.Objective(j.SLO), met,
			escapeControl(j.Window), minutes(j.DowntimeMinutes), minutes(j.ErrorBudgetMinutes), strings.Join(top, ", "))
	}
	tw.Flush()
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// minutes formats a number of minutes for the journeys table.
func minutes(m float64) string {
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
