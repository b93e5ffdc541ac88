package topo

import (
	"go/token"

	"github.com/nines-dev/nines/internal/playground"
	"github.com/nines-dev/nines/topology"
)

var zeroPos token.Position

func posOf(p topology.Pos) token.Position {
	return token.Position{Filename: p.File, Line: p.Line, Column: p.Column}
}

// ComponentInfo places a component (a node of the graph) in its file, with
// what the page shows when the node is chosen.
type ComponentInfo struct {
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`
	Instances int      `json:"instances"`
	Zones     []string `json:"zones"`
	// Availability is the component's own, without what it calls.
	Availability     float64 `json:"availability"`
	AvailabilityText string  `json:"availability_text"`
	playground.Range
}

// CallInfo places a call (an edge of the graph; its fallback edge too) in
// its file. Caller and Callee are not named from and to: those are the
// range's offsets.
type CallInfo struct {
	Caller   string `json:"caller"`
	Callee   string `json:"callee"`
	Fallback string `json:"fallback,omitempty"`
	Required bool   `json:"required"`
	playground.Range
}

// placesOf lists where the model's components and calls are declared.
func placesOf(notes *playground.Notes, m *topology.Model) ([]ComponentInfo, []CallInfo) {
	comps := make([]ComponentInfo, 0, len(m.Components))
	for _, c := range m.Components {
		zones := append([]string{}, c.Zones...)
		comps = append(comps, ComponentInfo{Name: c.Name, Kind: c.Kind, Instances: c.Instances, Zones: zones,
			Availability: c.Availability, AvailabilityText: topology.Percent(c.Availability),
			Range: notes.RangeOf(posOf(c.Pos), zeroPos)})
	}
	calls := make([]CallInfo, 0, len(m.Calls))
	for _, c := range m.Calls {
		calls = append(calls, CallInfo{Caller: c.From, Callee: c.To, Fallback: c.Fallback, Required: c.Required,
			Range: notes.RangeOf(posOf(c.Pos), zeroPos)})
	}
	return comps, calls
}
