package topology

import (
	"math"
	"math/rand/v2"
)

// Simulated is a journey's availability estimated by Monte Carlo.
type Simulated struct {
	Journey      string  `json:"journey"`
	Availability float64 `json:"availability"`
	// StdErr is the standard error of the estimate, sqrt(p(1-p)/n).
	StdErr float64 `json:"std_err"`
	Trials int     `json:"trials"`
}

// Simulate estimates every journey's availability by sampling n states of
// the world from the primitives of the model (each zone up or down, each
// instance up or down, the active instance of an active-passive pair in a
// failover window) and evaluating the journey's works-condition exactly on
// each state. It shares no formula with the analytic path, so agreement
// between the two checks the math and bounds the independence
// approximations. The same seed gives the same result.
func Simulate(m *Model, n int, seed uint64) []Simulated {
	if n <= 0 || len(m.Journeys) == 0 {
		return nil
	}
	ev := newEvaluator(m)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	zoneUp := make(map[string]bool, len(m.Zones))
	state := make([]int8, len(m.Components)) // 0 unknown, 1 works, -1 fails
	up := make([]int8, len(m.Components))
	var entries []int
	for _, j := range m.Journeys {
		entries = append(entries, m.Component(j.Entry).Index)
	}
	// Only the components some journey can reach need sampling.
	var relevant []int
	seen := make([]bool, len(m.Components))
	for _, e := range entries {
		for _, i := range ev.closure(e) {
			if !seen[i] {
				seen[i] = true
				relevant = append(relevant, i)
			}
		}
	}
	ok := make([]int, len(m.Journeys))
	for range n {
		for _, z := range m.Zones {
			zoneUp[z.Name] = !z.Modelled || rng.Float64() < z.Availability
		}
		for _, i := range relevant {
			state[i] = 0
			up[i] = -1
			if sampleUp(m.Components[i], zoneUp, rng) {
				up[i] = 1
			}
		}
		for k, e := range entries {
			if works(ev, e, up, state) {
				ok[k]++
			}
		}
	}
	out := make([]Simulated, len(m.Journeys))
	for k, j := range m.Journeys {
		p := float64(ok[k]) / float64(n)
		out[k] = Simulated{Journey: j.Name, Availability: p, StdErr: math.Sqrt(p * (1 - p) / float64(n)), Trials: n}
	}
	return out
}

func sampleUp(c *Component, zoneUp map[string]bool, rng *rand.Rand) bool {
	a := c.InstanceAvailability
	if c.Kind == KindExternal {
		return rng.Float64() < a
	}
	zoneOf := func(i int) bool {
		if len(c.Zones) == 0 {
			return true
		}
		return zoneUp[c.Zones[i%len(c.Zones)]]
	}
	if c.Mode == "active-passive" && c.Failover == "manual" {
		return zoneOf(0) && rng.Float64() < a
	}
	need := c.MinHealthy
	if c.Mode == "active-passive" {
		need = 1
	}
	healthy := 0
	primaryFailed := false
	for i := range c.Instances {
		instanceUp := rng.Float64() < a
		if i == 0 {
			// The primary fails with its instance or its zone.
			primaryFailed = !instanceUp || !zoneOf(0)
		}
		if instanceUp && zoneOf(i) {
			healthy++
		}
	}
	if healthy < need {
		return false
	}
	if c.Mode == "active-passive" && c.Instances >= 2 && primaryFailed {
		// The primary's outage began failover_time of downtime; we are in
		// it with probability failover_time / mttr.
		return rng.Float64() >= failoverFraction(c)
	}
	return true
}

// works evaluates, on one sampled state, whether component i works: it is
// up and every required call's target (or its fallback) works.
func works(ev *evaluator, i int, up, state []int8) bool {
	if state[i] != 0 {
		return state[i] > 0
	}
	result := up[i] > 0
	for _, e := range ev.calls[i] {
		if !result {
			break
		}
		ok := works(ev, e.to, up, state)
		if !ok && e.fallback >= 0 {
			ok = works(ev, e.fallback, up, state)
		}
		result = ok
	}
	state[i] = -1
	if result {
		state[i] = 1
	}
	return result
}
