package topology

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nines-dev/nines/topology/percent"
)

// Impact is what a failure does to one journey: whether it stops,
// continues through fallbacks, or is not touched, and what availability
// remains while the failure lasts.
type Impact struct {
	Journey string `json:"journey"`
	// Status is "stops" (nothing is left), "degraded" (it goes on, on the
	// instances left and through the fallbacks listed, less available) or
	// "unaffected".
	Status       string   `json:"status"`
	Before       float64  `json:"availability_before"`
	After        float64  `json:"availability_after"`
	Fallbacks    []string `json:"fallbacks,omitempty"` // calls whose fallback takes over: "api->db"
	FailedInPath []string `json:"failed_components,omitempty"`
}

// Fail answers a game day on paper: with the zone or component named by
// target ("zone:NAME" or "component:NAME") down, which journeys stop,
// which continue through a fallback and what availability remains. The
// model is changed for the computation and restored.
func Fail(m *Model, target string) ([]Impact, error) {
	kind, name, _ := strings.Cut(target, ":")
	before := Analyze(m)
	restore, err := failOne(m, kind, name)
	if err != nil {
		return nil, err
	}
	after := Analyze(m)
	down := map[string]bool{}
	for _, c := range m.Components {
		if c.Availability == 0 {
			down[c.Name] = true
		}
	}
	restore()
	ev := newEvaluator(m)
	var out []Impact
	for k, r := range before.Journeys {
		a := after.Journeys[k]
		im := Impact{Journey: r.Journey.Name, Before: r.Availability, After: a.Availability, Status: "unaffected"}
		for _, c := range r.Components {
			if down[c] {
				im.FailedInPath = append(im.FailedInPath, c)
			}
		}
		switch {
		case a.Availability <= 1e-15:
			im.Status, im.After = "stops", 0
		case percent.Below(a.Availability, r.Availability):
			im.Status = "degraded"
			im.Fallbacks = takingOver(m, ev, r.Components, down)
		}
		out = append(out, im)
	}
	return out, nil
}

// failOne sets the zone or component down and returns how to undo it.
func failOne(m *Model, kind, name string) (func(), error) {
	switch kind {
	case "zone":
		z := m.Zone(name)
		if z == nil {
			return nil, fmt.Errorf("-fail zone:%s: no zone %q in the topology", name, name)
		}
		saved := *z
		z.Modelled, z.Availability = true, 0
		computeComponentAvailability(m)
		return func() { *z = saved; computeComponentAvailability(m) }, nil
	case "component":
		c := m.Component(name)
		if c == nil {
			return nil, fmt.Errorf("-fail component:%s: no component %q in the topology", name, name)
		}
		saved := c.InstanceAvailability
		c.InstanceAvailability = 0
		computeComponentAvailability(m)
		return func() { c.InstanceAvailability = saved; computeComponentAvailability(m) }, nil
	}
	return nil, fmt.Errorf("-fail must be zone:NAME or component:NAME, not %q", kind+":"+name)
}

// takingOver lists the calls of the journey whose target needs a failed
// component while their fallback does not: the fallbacks that now serve.
func takingOver(m *Model, ev *evaluator, components []string, down map[string]bool) []string {
	needsDown := func(i int) bool {
		for _, k := range ev.closure(i) {
			if down[m.Components[k].Name] {
				return true
			}
		}
		return false
	}
	var out []string
	for _, name := range components {
		for _, e := range ev.calls[m.Component(name).Index] {
			if e.fallback >= 0 && needsDown(e.to) && !needsDown(e.fallback) {
				out = append(out, e.call.ID()+" (fallback "+e.call.Fallback+")")
			}
		}
	}
	return out
}

// Advice is one change to the topology and what it would give a journey
// below its SLO, computed with the same engine as the check.
type Advice struct {
	Journey string `json:"journey"`
	// Change in words, and as an edit of the topology file: set each
	// attribute of Set to its value (an HCL literal) in the block of
	// Component, or of its call to Call when Call is set.
	Change          string            `json:"change"`
	Component       string            `json:"component"`
	Call            string            `json:"call,omitempty"`
	Set             map[string]string `json:"set"`
	Availability    float64           `json:"availability"`
	DowntimeMinutes float64           `json:"downtime_minutes"`
	MeetsSLO        bool              `json:"meets_slo"`
}

// MaxAdvice is how many changes Advise lists per journey.
const MaxAdvice = 5

// Advise lists, for each journey below its SLO, the single changes that
// raise its availability most: one more instance of a component it needs,
// its instances spread over one more declared zone, automatic failover for
// a manual pair, a failover_time a tenth as long, and a fallback to an
// existing component of the same kind for a call without one. Each is
// applied to the model, the journey recomputed and the change undone.
func Advise(m *Model) []Advice {
	base := Analyze(m)
	var out []Advice
	for k, r := range base.Journeys {
		if r.MeetsSLO {
			continue
		}
		var got []Advice
		for _, ch := range candidates(m, r) {
			undo := ch.apply(m)
			after := Analyze(m).Journeys[k]
			undo()
			// A gain under a thousandth of the downtime is no advice.
			if after.Availability-r.Availability <= max(1e-3*(1-r.Availability), percent.Tolerance) {
				continue
			}
			got = append(got, Advice{Journey: r.Journey.Name, Change: ch.words, Component: ch.component, Call: ch.call,
				Set: ch.set, Availability: after.Availability,
				DowntimeMinutes: (1 - after.Availability) * r.Journey.WindowMinutes, MeetsSLO: after.MeetsSLO})
		}
		slices.SortStableFunc(got, func(a, b Advice) int {
			return cmp.Or(cmp.Compare(b.Availability, a.Availability), cmp.Compare(a.Change, b.Change))
		})
		out = append(out, got[:min(len(got), MaxAdvice)]...)
	}
	return out
}

type change struct {
	words, component, call string
	set                    map[string]string
	apply                  func(m *Model) (undo func())
}

// maxAdvisedClosure is the largest journey whose every component Advise
// tries changes on; beyond it (each try is an evaluation of the journeys)
// it tries the components among the journey's top contributors.
const maxAdvisedClosure = 200

// candidates are the single changes Advise tries for journey r.
func candidates(m *Model, r *JourneyResult) []change {
	names := r.Components
	if len(names) > maxAdvisedClosure {
		names = nil
		for _, c := range r.Contributors {
			if c.Component != "" {
				names = append(names, c.Component)
			}
		}
	}
	ev := newEvaluator(m)
	var out []change
	for _, name := range names {
		c := m.Component(name)
		if c.Kind == KindExternal {
			continue
		}
		if c.Instances < 100_000 {
			n := c.Instances + 1
			out = append(out, change{
				words:     fmt.Sprintf("%s %q: instances = %d", c.Kind, c.Name, n),
				component: c.Name, set: map[string]string{"instances": strconv.Itoa(n)},
				apply: func(m *Model) func() {
					c.Instances = n
					return recompute(m, func() { c.Instances = n - 1 })
				},
			})
		}
		if z := spareZone(m, c); z != "" {
			zones := append(slices.Clone(c.Zones), z)
			quoted := make([]string, len(zones))
			for i, s := range zones {
				quoted[i] = strconv.Quote(s)
			}
			instances := max(c.Instances, len(zones))
			list := "[" + strings.Join(quoted, ", ") + "]"
			words := fmt.Sprintf("%s %q: zones = %s", c.Kind, c.Name, list)
			set := map[string]string{"zones": list}
			if instances > c.Instances {
				// One more zone needs an instance to live there.
				words += fmt.Sprintf(", instances = %d", instances)
				set["instances"] = strconv.Itoa(instances)
			}
			old, oldN := c.Zones, c.Instances
			out = append(out, change{
				words: words, component: c.Name, set: set,
				apply: func(m *Model) func() {
					c.Zones, c.Instances = zones, instances
					return recompute(m, func() { c.Zones, c.Instances = old, oldN })
				},
			})
		}
		if c.Mode == "active-passive" && c.Failover == "manual" && c.Instances >= 2 {
			out = append(out, change{
				words: fmt.Sprintf("%s %q: failover = \"automatic\"", c.Kind, c.Name), component: c.Name,
				set: map[string]string{"failover": `"automatic"`},
				apply: func(m *Model) func() {
					c.Failover = "automatic"
					return recompute(m, func() { c.Failover = "manual" })
				},
			})
		}
		if c.Mode == "active-passive" && c.Failover != "manual" && c.Instances >= 2 && c.FailoverTime >= 10 {
			ft := c.FailoverTime / 10
			old := c.FailoverTime
			lit := strconv.Quote(strconv.FormatFloat(ft, 'f', -1, 64) + "s")
			out = append(out, change{
				words: fmt.Sprintf("%s %q: failover_time = %s", c.Kind, c.Name, lit), component: c.Name,
				set: map[string]string{"failover_time": lit},
				apply: func(m *Model) func() {
					c.FailoverTime = ft
					return recompute(m, func() { c.FailoverTime = old })
				},
			})
		}
		for _, call := range c.Calls {
			if !call.Required || call.Fallback != "" {
				continue
			}
			for _, fb := range fallbackCandidates(m, ev, call) {
				out = append(out, change{
					words:     fmt.Sprintf("call %s: fallback = %q", call.ID(), fb),
					component: c.Name, call: call.To, set: map[string]string{"fallback": strconv.Quote(fb)},
					apply: func(m *Model) func() {
						call.Fallback = fb
						return func() { call.Fallback = "" }
					},
				})
			}
		}
	}
	return out
}

func recompute(m *Model, undo func()) func() {
	computeComponentAvailability(m)
	return func() { undo(); computeComponentAvailability(m) }
}

// spareZone is the most available declared zone c does not use yet (by
// name on a tie), or "".
func spareZone(m *Model, c *Component) string {
	if len(c.Zones) == 0 {
		return ""
	}
	best := ""
	for _, z := range m.Zones { // sorted by name
		if slices.Contains(c.Zones, z.Name) {
			continue
		}
		if b := m.Zone(best); best == "" || z.Availability > b.Availability {
			best = z.Name
		}
	}
	return best
}

// fallbackCandidates are the components of the call target's kind that
// could serve instead: not the target, not the caller, and not needing
// the caller (a fallback counts as an edge of the required-call graph,
// which must stay acyclic); the three most available of them (by name on
// a tie), since each is one more evaluation.
func fallbackCandidates(m *Model, ev *evaluator, call *Call) []string {
	target := m.Component(call.To)
	var kind []*Component
	for _, c := range m.Components {
		if c.Kind == target.Kind && c.Name != call.To && c.Name != call.From {
			kind = append(kind, c)
		}
	}
	slices.SortStableFunc(kind, func(a, b *Component) int { return cmp.Compare(b.Availability, a.Availability) })
	var out []string
	for _, c := range kind {
		if len(out) == 3 {
			break
		}
		needsCaller := false
		for _, k := range ev.closure(c.Index) {
			if m.Components[k].Name == call.From {
				needsCaller = true
			}
		}
		if !needsCaller {
			out = append(out, c.Name)
		}
	}
	return out
}
