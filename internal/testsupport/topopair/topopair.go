// Package topopair checks the fixtures of the topology readers: a shop
// read from another format (Kubernetes, Compose, Terraform) against the
// same shop written by hand in HCL, and where in the source a finding is.
package topopair

import (
	"context"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nines-dev/nines/topology"
)

// LineOf is the 1-based line of the first line of file holding needle
// after the first line holding after ("" for from the start).
func LineOf(t testing.TB, file, after, needle string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	seen := after == ""
	for i, l := range strings.Split(string(data), "\n") {
		if !seen {
			seen = strings.Contains(l, after)
			continue
		}
		if strings.Contains(l, needle) {
			return i + 1
		}
	}
	t.Fatalf("%s: no %q after %q", file, needle, after)
	return 0
}

// Seconds prints an optional duration.
func Seconds(d *float64) string {
	if d == nil {
		return "none"
	}
	return fmt.Sprint(*d)
}

// ModelText prints a model's components and calls without their
// positions.
func ModelText(m *topology.Model) string {
	var b strings.Builder
	for _, c := range m.Components {
		cc := *c
		// Optional durations are printed by value: %+v would print the
		// pointers.
		cc.Pos, cc.Calls, cc.LatencyP99, cc.ReplicationLag, cc.RPO, cc.RTO = topology.Pos{}, nil, nil, nil, nil, nil
		fmt.Fprintf(&b, "%+v latency=%s lag=%s rpo=%s rto=%s\n", cc, Seconds(c.LatencyP99), Seconds(c.ReplicationLag), Seconds(c.RPO), Seconds(c.RTO))
		for _, call := range c.Calls {
			k := *call
			k.Pos, k.Timeout, k.TotalTimeout, k.TotalPos = topology.Pos{}, nil, nil, nil
			fmt.Fprintf(&b, "  %+v timeout=%s total=%s\n", k, Seconds(call.Timeout), Seconds(call.TotalTimeout))
		}
	}
	return b.String()
}

// FindingKeys are the "rule subject" of every finding, sorted.
func FindingKeys(r *topology.Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Rule+" "+f.Subject)
	}
	slices.Sort(out)
	return out
}

// FindingsAt maps "rule subject" to where each finding is.
func FindingsAt(r *topology.Report) map[string]topology.Pos {
	found := map[string]topology.Pos{}
	for _, f := range r.Findings {
		found[f.Rule+" "+f.Subject] = topology.Pos{File: f.File, Line: f.Line, Column: f.Column}
	}
	return found
}

// Same checks that an imported shop and the shop written by hand in the
// HCL file hand have the same components, calls, findings and journey
// availability.
func Same(t testing.TB, imported *topology.Report, hand string) {
	t.Helper()
	src, err := os.ReadFile(hand)
	if err != nil {
		t.Fatal(err)
	}
	want, err := topology.CheckFiles(context.Background(), map[string][]byte{"shop.nines.hcl": src}, topology.Options{})
	if err != nil {
		t.Fatal(err)
	}
	compare(t, imported, want)
}

func compare(t testing.TB, imported, hand *topology.Report) {
	t.Helper()
	if g, w := ModelText(imported.Model), ModelText(hand.Model); g != w {
		t.Errorf("imported model:\n%s\nhand-written:\n%s", g, w)
	}
	if len(imported.Journeys) == 0 || len(imported.Journeys) != len(hand.Journeys) {
		t.Fatalf("journeys: %d imported, %d hand-written", len(imported.Journeys), len(hand.Journeys))
	}
	for i, j := range imported.Journeys {
		ga, wa := j.Availability, hand.Journeys[i].Availability
		if math.Abs(ga-wa) > 1e-12 {
			t.Errorf("%s: availability %.12f imported, %.12f hand-written", j.Journey.Name, ga, wa)
		}
		t.Logf("%s: %.6f%% both ways", j.Journey.Name, 100*ga)
	}
	if g, w := FindingKeys(imported), FindingKeys(hand); !reflect.DeepEqual(g, w) {
		t.Errorf("findings differ:\nimported     %q\nhand-written %q", g, w)
	}
}
