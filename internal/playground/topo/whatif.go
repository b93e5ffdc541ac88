package topo

import (
	"fmt"
	"strings"

	"github.com/nines-dev/nines/topology"
)

// Targets are what the page's "what if … fails" selector offers: the
// zones and components of the topology, in the model's order.
type Targets struct {
	Zones      []string `json:"zones"`
	Components []string `json:"components"`
}

// AdviceRow is one change topology.Advise found, with its numbers written
// as `nines topo --advise` writes them.
type AdviceRow struct {
	topology.Advice
	AvailabilityText string `json:"availability_text"`
	DowntimeText     string `json:"downtime_text"`
}

// FailResult is what `nines topo --fail TARGET` reports, or the error it
// gives for a target the topology does not have.
type FailResult struct {
	Target   string      `json:"target"`
	Journeys []ImpactRow `json:"journeys"`
	Error    string      `json:"error,omitempty"`
}

// ImpactRow is one journey's topology.Impact with its numbers written as
// the command line writes them.
type ImpactRow struct {
	topology.Impact
	BeforeText string `json:"before_text"`
	DuringText string `json:"during_text"`
	Via        string `json:"via"`
}

func targetsOf(m *topology.Model) *Targets {
	t := &Targets{Zones: []string{}, Components: []string{}}
	for _, z := range m.Zones {
		t.Zones = append(t.Zones, z.Name)
	}
	for _, c := range m.Components {
		t.Components = append(t.Components, c.Name)
	}
	return t
}

func adviseRows(m *topology.Model) []AdviceRow {
	rows := []AdviceRow{}
	for _, a := range topology.Advise(m) {
		rows = append(rows, AdviceRow{Advice: a, AvailabilityText: topology.Percent(a.Availability),
			DowntimeText: downtimeText(a.DowntimeMinutes)})
	}
	return rows
}

func failRows(m *topology.Model, target string) *FailResult {
	res := &FailResult{Target: target, Journeys: []ImpactRow{}}
	if k, n, ok := strings.Cut(target, ":"); !ok || n == "" || (k != "zone" && k != "component") {
		res.Error = fmt.Sprintf("-fail must be zone:NAME or component:NAME, not %q", target)
		return res
	}
	impacts, err := topology.Fail(m, target)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	for _, im := range impacts {
		via := "-"
		if len(im.Fallbacks) > 0 {
			via = strings.Join(im.Fallbacks, ", ")
		}
		res.Journeys = append(res.Journeys, ImpactRow{Impact: im, BeforeText: topology.Percent(im.Before),
			DuringText: topology.PercentBelow(im.After, im.Before), Via: via})
	}
	return res
}

// downtimeText writes minutes of downtime per window: minutes from one
// minute up, seconds below.
func downtimeText(minutes float64) string {
	if minutes < 1 {
		return fmt.Sprintf("%.1f s", minutes*60)
	}
	return fmt.Sprintf("%.1f min", minutes)
}
