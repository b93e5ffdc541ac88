package topology

import (
	"slices"

	"github.com/nines-dev/nines/topology/policy"
)

// Facts is the input document of the policies: the contract in
// docs/design/topology-facts.md. Durations are seconds; a value the user
// did not set is null.
type Facts struct {
	Components map[string]*ComponentFacts `json:"components"`
	Calls      []*CallFacts               `json:"calls"`
	Journeys   []*JourneyFacts            `json:"journeys"`
	Zones      map[string]*ZoneFacts      `json:"zones"`
}

// ZoneFacts describes a zone (an addition to the contract).
type ZoneFacts struct {
	Name         string   `json:"name"`
	File         string   `json:"file"`
	Line         int      `json:"line"`
	Column       int      `json:"column"`
	Availability *float64 `json:"availability"`
}

// ComponentFacts describes one component.
type ComponentFacts struct {
	Name                 string   `json:"name"`
	Kind                 string   `json:"kind"`
	File                 string   `json:"file"`
	Line                 int      `json:"line"`
	Column               int      `json:"column"`
	Instances            int      `json:"instances"`
	Zones                []string `json:"zones"`
	DistinctZones        int      `json:"distinct_zones"`
	InstanceAvailability float64  `json:"instance_availability"`
	Availability         float64  `json:"availability"`
	MinHealthy           int      `json:"min_healthy"`
	// Additions that explain Availability: what it would be with every
	// zone up, the availability the failover windows of an active-passive
	// pair cost, and the instances left after an outage of the zone that
	// holds the most of them (WorstZone; "" without zones).
	AvailabilityZonesUp    float64  `json:"availability_zones_up"`
	FailoverLoss           float64  `json:"failover_loss"`
	InstancesAfterZoneLoss int      `json:"instances_after_zone_outage"`
	WorstZone              string   `json:"worst_zone"`
	Mode                   string   `json:"mode"`
	Failover               string   `json:"failover"`
	FailoverTimeSeconds    float64  `json:"failover_time_seconds"`
	MTTRSeconds            float64  `json:"mttr_seconds"`
	Stateless              bool     `json:"stateless"`
	SessionStore           string   `json:"session_store"`
	Engine                 string   `json:"engine"`
	Consistency            string   `json:"consistency"`
	Replication            string   `json:"replication"`
	ReplicationLagSeconds  *float64 `json:"replication_lag_seconds"`
	RPOSeconds             *float64 `json:"rpo_seconds"`
	RTOSeconds             *float64 `json:"rto_seconds"`
	LatencyP99Seconds      *float64 `json:"latency_p99_seconds"`
	Required               bool     `json:"required"`
	Journeys               []string `json:"journeys"`
}

// CallFacts describes one call block.
type CallFacts struct {
	ID                          string   `json:"id"`
	From                        string   `json:"from"`
	To                          string   `json:"to"`
	File                        string   `json:"file"`
	Line                        int      `json:"line"`
	Column                      int      `json:"column"`
	TimeoutSeconds              *float64 `json:"timeout_seconds"`
	TotalTimeoutSeconds         *float64 `json:"total_timeout_seconds"`
	TotalTimeoutAt              *Pos     `json:"total_timeout_at"` // null when TotalTimeoutSeconds is
	Retries                     int      `json:"retries"`
	UnlimitedRetries            bool     `json:"unlimited_retries"`
	Attempts                    *int     `json:"attempts"` // null when unlimited
	Backoff                     string   `json:"backoff"`
	Jitter                      bool     `json:"jitter"`
	Idempotent                  bool     `json:"idempotent"`
	IdempotencyKey              bool     `json:"idempotency_key"`
	CircuitBreaker              bool     `json:"circuit_breaker"`
	Fallback                    string   `json:"fallback"`
	Required                    bool     `json:"required"`
	Consistency                 string   `json:"consistency"`
	TargetKind                  string   `json:"target_kind"`
	TargetLatencyP99Seconds     *float64 `json:"target_latency_p99_seconds"`
	TargetConsistency           string   `json:"target_consistency"`
	CallerInboundTimeoutSeconds *float64 `json:"caller_inbound_timeout_seconds"`
	CallerInboundSource         string   `json:"caller_inbound_source"`
	CallerRequired              bool     `json:"caller_required"` // addition: the caller is in some journey's required closure
}

// JourneyFacts describes one journey and its computed availability.
type JourneyFacts struct {
	Name           string   `json:"name"`
	Entry          string   `json:"entry"`
	File           string   `json:"file"`
	Line           int      `json:"line"`
	Column         int      `json:"column"`
	SLO            float64  `json:"slo"`
	Window         string   `json:"window"`
	WindowMinutes  float64  `json:"window_minutes"`
	TimeoutSeconds *float64 `json:"timeout_seconds"`
	Availability   float64  `json:"availability"`
	MeetsSLO       bool     `json:"meets_slo"`
	// Additions: whether Availability is exact; when not, the journey's
	// availability is certified to lie in [availability,
	// availability_upper], and slo_undecided holds when that interval
	// straddles the slo (meets_slo is then false).
	Exact              bool          `json:"exact"`
	AvailabilityUpper  float64       `json:"availability_upper"`
	SLOUndecided       bool          `json:"slo_undecided"`
	DowntimeMinutes    float64       `json:"downtime_minutes"`
	ErrorBudgetMinutes float64       `json:"error_budget_minutes"`
	Components         []string      `json:"components"`
	SerialComponents   []string      `json:"serial_components"`
	Contributors       []Contributor `json:"contributors"`
	Amplification      Amplification `json:"amplification"`
}

// BuildFacts turns an analysis into the policies' input document.
func BuildFacts(an *Analysis) *Facts {
	m := an.Model
	f := &Facts{
		Components: make(map[string]*ComponentFacts, len(m.Components)),
		Calls:      make([]*CallFacts, 0, len(m.Calls)),
		Journeys:   make([]*JourneyFacts, 0, len(an.Journeys)),
		Zones:      make(map[string]*ZoneFacts, len(m.Zones)),
	}
	for _, z := range m.Zones {
		zf := &ZoneFacts{Name: z.Name, File: z.Pos.File, Line: z.Pos.Line, Column: z.Pos.Column}
		if z.Modelled {
			a := z.Availability
			zf.Availability = &a
		}
		f.Zones[z.Name] = zf
	}
	for i, c := range m.Components {
		distinct := map[string]bool{}
		perZone := map[string]int{}
		worst := ""
		for k := range c.Instances {
			if len(c.Zones) == 0 {
				break
			}
			z := c.Zones[k%len(c.Zones)]
			distinct[z] = true
			perZone[z]++
			if worst == "" || perZone[z] > perZone[worst] {
				worst = z
			}
		}
		journeys := slices.Clone(an.JourneysOf[i])
		slices.Sort(journeys)
		if journeys == nil {
			journeys = []string{}
		}
		// The facts share the model's list of zones: neither is
		// modified once loaded.
		zones := c.Zones
		if zones == nil {
			zones = []string{}
		}
		f.Components[c.Name] = &ComponentFacts{
			Name: c.Name, Kind: c.Kind, File: c.Pos.File, Line: c.Pos.Line, Column: c.Pos.Column,
			Instances: c.Instances, Zones: zones, DistinctZones: len(distinct),
			InstanceAvailability: c.InstanceAvailability, Availability: c.Availability,
			MinHealthy: c.MinHealthy, Mode: c.Mode, Failover: c.Failover,
			AvailabilityZonesUp: availabilityZonesUp(c), FailoverLoss: failoverLoss(c),
			InstancesAfterZoneLoss: c.Instances - perZone[worst], WorstZone: worst,
			FailoverTimeSeconds: c.FailoverTime, MTTRSeconds: c.MTTR,
			Stateless: c.Stateless, SessionStore: c.SessionStore,
			Engine: c.Engine, Consistency: c.Consistency, Replication: c.Replication,
			ReplicationLagSeconds: c.ReplicationLag, RPOSeconds: c.RPO, RTOSeconds: c.RTO,
			LatencyP99Seconds: c.LatencyP99,
			Required:          an.Required[i], Journeys: journeys,
		}
	}
	// The smallest timeout with which each component is called.
	// Its seconds point into the model, and the source is built once
	// the smallest is known: the calls of a component share both.
	type inbound struct {
		secs   *float64
		call   *Call
		source string
	}
	in := map[string]*inbound{}
	for _, call := range m.Calls { // sorted by position: ties keep the first
		bound := call.AttemptBound()
		if bound == nil {
			continue
		}
		if cur, ok := in[call.To]; !ok {
			in[call.To] = &inbound{secs: bound, call: call}
		} else if *bound < *cur.secs {
			cur.secs, cur.call = bound, call
		}
	}
	for _, b := range in {
		b.source = "call " + b.call.ID()
	}
	entryTimeout := map[string]*inbound{}
	for _, j := range m.Journeys { // sorted by name
		if j.Timeout == nil {
			continue
		}
		if cur, ok := entryTimeout[j.Entry]; !ok || *j.Timeout < *cur.secs {
			entryTimeout[j.Entry] = &inbound{secs: j.Timeout, source: "journey " + j.Name}
		}
	}
	// Attempts point into one table of the counts of attempts.
	attempts := map[int]*int{}
	for _, call := range m.Calls {
		target := m.Component(call.To)
		cf := &CallFacts{
			ID: call.ID(), From: call.From, To: call.To,
			File: call.Pos.File, Line: call.Pos.Line, Column: call.Pos.Column,
			TimeoutSeconds: call.Timeout, TotalTimeoutSeconds: call.TotalTimeout, TotalTimeoutAt: call.TotalPos,
			Retries: call.Retries, UnlimitedRetries: call.Retries < 0,
			Backoff: call.Backoff, Jitter: call.Jitter, Idempotent: call.Idempotent,
			IdempotencyKey: call.IdempotencyKey, CircuitBreaker: call.CircuitBreaker,
			Fallback: call.Fallback, Required: call.Required, Consistency: call.Consistency,
			TargetKind: target.Kind, TargetLatencyP99Seconds: target.LatencyP99,
			TargetConsistency: target.Consistency,
			CallerRequired:    an.Required[m.Component(call.From).Index],
		}
		if call.Retries >= 0 {
			n := call.Attempts()
			if attempts[n] == nil {
				attempts[n] = &n
			}
			cf.Attempts = attempts[n]
		}
		best, ok := in[call.From]
		if jt, jok := entryTimeout[call.From]; jok && (!ok || *jt.secs < *best.secs) {
			best, ok = jt, true
		}
		if ok {
			cf.CallerInboundTimeoutSeconds = best.secs
			cf.CallerInboundSource = best.source
		}
		f.Calls = append(f.Calls, cf)
	}
	for _, r := range an.Journeys {
		j := r.Journey
		contributors := r.Contributors
		if contributors == nil {
			contributors = []Contributor{}
		}
		f.Journeys = append(f.Journeys, &JourneyFacts{
			Name: j.Name, Entry: j.Entry, File: j.Pos.File, Line: j.Pos.Line, Column: j.Pos.Column,
			SLO: j.SLO, Window: j.Window, WindowMinutes: j.WindowMinutes, TimeoutSeconds: j.Timeout,
			Availability: r.Availability, MeetsSLO: r.MeetsSLO,
			Exact: !r.Bounded, AvailabilityUpper: r.Upper, SLOUndecided: r.Undecided,
			DowntimeMinutes: r.DowntimeMinutes, ErrorBudgetMinutes: r.ErrorBudgetMinutes,
			Components: nonNil(r.Components), SerialComponents: nonNil(r.Serial),
			Contributors: contributors, Amplification: r.Amplification,
		})
	}
	return f
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// PartComponents is how many components a part of the sliced facts
// document holds (see Slice): small enough that the parts evaluated at
// once, one per core, hold little (at 2,000 components the two of a
// 100,000-component topology held about 100 MB of OPA values and
// evaluation state at the peak of the heap, at 500 about 45 MB), large
// enough that the tables every part rebuilds cost little (the CPU time of
// 10,000 components did not grow).
const PartComponents = 500

// Slice cuts the facts into the documents the built-in rules are
// evaluated on (policy.Sliced). Every document has the zones the rules can
// read: those some component lists (a rule reads input.zones[z] only for a
// zone of a component), or, when no component lists one, the first zone by
// name, so that "the topology declares zones" (a count above zero) still
// holds; the zones of a large topology that no component is in are not
// converted for every document. The journey
// rules' document has the journeys and the components their contributors
// name. Each part has the next size components (by name) with the calls
// into them, which is what the component and call rules read (a call rule
// reads the call's target, never its caller), and the journeys with their
// lists of components and serial components cut down to the part's: the
// component rules ask whether a component of the part is in a journey's
// serial set, and rebuilding every journey's whole set in every part
// would cost the parts times the size of the topology.
func (f *Facts) Slice(size int) *policy.Sliced {
	size = max(size, 1)
	names := make([]string, 0, len(f.Components))
	for name := range f.Components {
		names = append(names, name)
	}
	slices.Sort(names)
	into := make(map[string][]*CallFacts, len(f.Components))
	for _, c := range f.Calls {
		into[c.To] = append(into[c.To], c)
	}
	part := make(map[string]int, len(names)) // component -> its part
	for i, name := range names {
		part[name] = i / size
	}
	parts := max((len(names)+size-1)/size, 1)
	// The journeys of each part, with the part's components only.
	journeys := make([][]*JourneyFacts, parts)
	for k := range journeys {
		journeys[k] = make([]*JourneyFacts, len(f.Journeys))
	}
	for i, j := range f.Journeys {
		for k := range journeys {
			c := *j
			c.Components, c.SerialComponents = []string{}, []string{}
			journeys[k][i] = &c
		}
		for _, name := range j.Components {
			if k, ok := part[name]; ok {
				journeys[k][i].Components = append(journeys[k][i].Components, name)
			}
		}
		for _, name := range j.SerialComponents {
			if k, ok := part[name]; ok {
				journeys[k][i].SerialComponents = append(journeys[k][i].SerialComponents, name)
			}
		}
	}
	s := &policy.Sliced{
		Shared: map[string]any{"zones": f.readableZones()},
		Whole:  func() any { return f },
	}
	contributors := map[string]*ComponentFacts{}
	for _, j := range f.Journeys {
		for _, c := range j.Contributors {
			if cf := f.Components[c.Component]; cf != nil {
				contributors[c.Component] = cf
			}
		}
	}
	s.Journeys = map[string]any{"journeys": f.Journeys, "components": contributors, "calls": []*CallFacts{}}
	for k := range parts {
		chunk := names[min(k*size, len(names)):min((k+1)*size, len(names))]
		comps := make(map[string]*ComponentFacts, len(chunk))
		calls := []*CallFacts{}
		for _, name := range chunk {
			comps[name] = f.Components[name]
			calls = append(calls, into[name]...)
		}
		s.Parts = append(s.Parts, map[string]any{"components": comps, "calls": calls, "journeys": journeys[k]})
	}
	return s
}

// readableZones is the zones of the sliced documents; see Slice.
func (f *Facts) readableZones() map[string]*ZoneFacts {
	out := map[string]*ZoneFacts{}
	for _, c := range f.Components {
		for _, z := range c.Zones {
			if zf := f.Zones[z]; zf != nil {
				out[z] = zf
			}
		}
	}
	if len(out) == 0 && len(f.Zones) > 0 {
		first := ""
		for name := range f.Zones {
			if first == "" || name < first {
				first = name
			}
		}
		out[first] = f.Zones[first]
	}
	return out
}
