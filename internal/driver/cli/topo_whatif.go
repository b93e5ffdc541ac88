package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/nines-dev/nines/topology"
)

// writeAdvice prints the changes topology.Advise found, as a table or,
// with -format json, as {"advice": [...]}.
func writeAdvice(w io.Writer, format string, advice []topology.Advice) error {
	if format == "json" {
		if advice == nil {
			advice = []topology.Advice{}
		}
		return writeJSON(w, map[string]any{"advice": advice})
	}
	if len(advice) == 0 {
		_, err := fmt.Fprintln(w, "every journey meets its slo: no advice")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "JOURNEY\tCHANGE\tAVAILABILITY\tDOWNTIME\tMEETS SLO")
	for _, a := range advice {
		met := "no"
		if a.MeetsSLO {
			met = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", escapeText(a.Journey), escapeText(a.Change),
			topology.Percent(a.Availability), downtime(a.DowntimeMinutes), met)
	}
	return tw.Flush()
}

// writeImpacts prints what topology.Fail found.
func writeImpacts(w io.Writer, format, target string, impacts []topology.Impact) error {
	if format == "json" {
		if impacts == nil {
			impacts = []topology.Impact{}
		}
		return writeJSON(w, map[string]any{"fail": target, "journeys": impacts})
	}
	fmt.Fprintf(w, "with %s down:\n\n", escapeText(target))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "JOURNEY\tSTATUS\tBEFORE\tDURING\tVIA")
	for _, im := range impacts {
		via := "-"
		if len(im.Fallbacks) > 0 {
			via = strings.Join(im.Fallbacks, ", ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", escapeText(im.Journey), im.Status,
			topology.Percent(im.Before), topology.PercentBelow(im.After, im.Before), escapeText(via))
	}
	return tw.Flush()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// escapeText keeps names from writing control characters to a terminal or
// a CI log.
func escapeText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}

func downtime(m float64) string {
	if m >= 1 {
		return fmt.Sprintf("%.1f min", m)
	}
	return fmt.Sprintf("%.1f s", m*60)
}
