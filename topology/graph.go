package topology

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteDOT writes the topology as a Graphviz digraph: one node per
// component (shaped by kind, grouped by first zone), one edge per call
// (dashed when optional, dotted to a fallback). Components with a
// spof/* finding are filled red; required ones have a bold border.
func WriteDOT(w io.Writer, r *Report) error {
	m := r.Model
	spof := map[string][]string{}
	for _, f := range r.Findings {
		if strings.HasPrefix(f.Rule, "spof/") {
			spof[f.Subject] = append(spof[f.Subject], f.Rule)
		}
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph topology {")
	fmt.Fprintln(bw, "  rankdir=LR;")
	fmt.Fprintln(bw, `  node [fontname="Helvetica", style=filled, fillcolor=white];`)
	fmt.Fprintln(bw, `  edge [fontname="Helvetica", fontsize=10];`)
	for _, c := range m.Components {
		label := fmt.Sprintf("%s\n%s ×%d, %s", c.Name, c.Kind, c.Instances, Percent(c.Availability))
		attrs := []string{"label=" + strconv.Quote(label), "shape=" + shapeOf(c.Kind)}
		if rs, ok := spof[c.Name]; ok {
			attrs = append(attrs, `fillcolor="#f8b4b4"`, `color="#c00000"`, "penwidth=2",
				"tooltip="+strconv.Quote("single point of failure: "+strings.Join(rs, ", ")))
		} else if r.Analysis != nil && r.Analysis.Required[c.Index] {
			attrs = append(attrs, "penwidth=2")
		}
		fmt.Fprintf(bw, "  %s [%s];\n", strconv.Quote(c.Name), strings.Join(attrs, ", "))
	}
	for _, call := range m.Calls {
		var parts []string
		if call.Timeout != nil {
			parts = append(parts, trimSeconds(*call.Timeout))
		} else {
			parts = append(parts, "no timeout")
		}
		switch {
		case call.Retries < 0:
			parts = append(parts, "retries ∞")
		case call.Retries > 0:
			parts = append(parts, fmt.Sprintf("retries %d", call.Retries))
		}
		attrs := []string{"label=" + strconv.Quote(strings.Join(parts, ", "))}
		if !call.Required {
			attrs = append(attrs, "style=dashed")
		}
		fmt.Fprintf(bw, "  %s -> %s [%s];\n", strconv.Quote(call.From), strconv.Quote(call.To), strings.Join(attrs, ", "))
		if call.Fallback != "" {
			fmt.Fprintf(bw, "  %s -> %s [style=dotted, label=\"fallback\"];\n", strconv.Quote(call.From), strconv.Quote(call.Fallback))
		}
	}
	for _, j := range m.Journeys {
		id := strconv.Quote("journey " + j.Name)
		fmt.Fprintf(bw, "  %s [shape=plaintext, style=\"\", label=%s];\n", id, strconv.Quote(j.Name+"\nSLO "+Objective(j.SLO)))
		fmt.Fprintf(bw, "  %s -> %s [style=bold];\n", id, strconv.Quote(j.Entry))
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

func shapeOf(kind string) string {
	switch kind {
	case KindDatabase:
		return "cylinder"
	case KindCache:
		return "box3d"
	case KindQueue:
		return "cds"
	case KindLoadBalancer:
		return "invhouse"
	case KindExternal:
		return "octagon"
	}
	return "box"
}

func trimSeconds(s float64) string {
	if s < 1 {
		return strconv.FormatFloat(s*1000, 'g', -1, 64) + "ms"
	}
	return strconv.FormatFloat(s, 'g', -1, 64) + "s"
}
