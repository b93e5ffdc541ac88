package topology

import "math"

// computeComponentAvailability sets every component's own availability.
func computeComponentAvailability(m *Model) {
	for _, c := range m.Components {
		c.Availability = ComponentAvailability(m, c)
	}
}

// ComponentAvailability is the probability that c itself is up, from its
// instances, their zones, min_healthy, mode and failover; what it calls is
// not included. See docs/topology.md for the formulas.
func ComponentAvailability(m *Model, c *Component) float64 {
	a := c.InstanceAvailability
	switch {
	case c.Kind == KindExternal:
		return a
	case c.Mode == "active-passive" && c.Failover == "manual":
		// No redundancy credit: the primary and the zone it lives in.
		return a * firstZoneAvailability(m, c)
	}
	need := c.MinHealthy
	if c.Mode == "active-passive" {
		need = 1
	}
	avail := 1 - kOfNUnavailability(m, c, need)
	if c.Mode == "active-passive" && c.Instances >= 2 {
		// Each failure of the active instance costs a failover window:
		// the active is down a fraction (1-a) of the time, and each of
		// its outages (mean length mttr) starts failover_time of downtime.
		avail -= (1 - a) * failoverFraction(c)
	}
	return max(avail, 0)
}

// failoverFraction is failover_time / mttr, at most 1.
func failoverFraction(c *Component) float64 {
	if c.MTTR <= 0 {
		return 1
	}
	return min(c.FailoverTime/c.MTTR, 1)
}

func firstZoneAvailability(m *Model, c *Component) float64 {
	if len(c.Zones) == 0 {
		return 1
	}
	if z := m.Zone(c.Zones[0]); z != nil {
		return z.Availability
	}
	return 1
}

// kOfNUnavailability is P(fewer than need instances healthy): the sum over
// zone up/down states of P(state) · P(Binomial(instances in up zones, a) < need).
// Rather than enumerate the 2^z states it convolves the distribution of
// the number of instances in up zones, one zone at a time.
func kOfNUnavailability(m *Model, c *Component, need int) float64 {
	n := c.Instances
	perZone := map[string]int{}
	alwaysUp := 0
	for i := range n {
		if len(c.Zones) == 0 {
			alwaysUp++
			continue
		}
		z := m.Zone(c.Zones[i%len(c.Zones)])
		if z == nil || !z.Modelled || z.Availability >= 1 {
			alwaysUp++
			continue
		}
		perZone[z.Name]++
	}
	// dist[u] = P(u instances are in zones that are up).
	dist := make([]float64, n+1)
	dist[alwaysUp] = 1
	hi := alwaysUp
	for _, name := range c.Zones { // listed order: deterministic
		k, ok := perZone[name]
		if !ok {
			continue
		}
		delete(perZone, name)
		z := m.Zone(name).Availability
		for u := hi; u >= 0; u-- {
			if dist[u] == 0 {
				continue
			}
			dist[u+k] += dist[u] * z
			dist[u] *= 1 - z
		}
		hi += k
	}
	u := 0.0
	for up, p := range dist {
		if p != 0 {
			u += p * binomialBelow(up, c.InstanceAvailability, need)
		}
	}
	return min(max(u, 0), 1)
}

// binomialBelow is P(Binomial(n, a) < k).
func binomialBelow(n int, a float64, k int) float64 {
	if n < k {
		return 1
	}
	if k <= 0 || a >= 1 {
		return 0
	}
	// Sum the k lowest terms in log space: (1-a)^n underflows for large n.
	la, lq := math.Log(a), math.Log1p(-a)
	lgn, _ := math.Lgamma(float64(n + 1))
	sum := 0.0
	for i := 0; i < k; i++ {
		lgi, _ := math.Lgamma(float64(i + 1))
		lgr, _ := math.Lgamma(float64(n - i + 1))
		sum += math.Exp(lgn - lgi - lgr + float64(i)*la + float64(n-i)*lq)
	}
	return min(sum, 1)
}

// availabilityGiven is c's own availability given which zones are up.
func availabilityGiven(m *Model, c *Component, up map[string]bool) float64 {
	a := c.InstanceAvailability
	zoneUp := func(i int) bool {
		if len(c.Zones) == 0 {
			return true
		}
		z := m.Zone(c.Zones[i%len(c.Zones)])
		if z == nil || !z.Modelled || z.Availability >= 1 {
			return true
		}
		return up[z.Name]
	}
	switch {
	case c.Kind == KindExternal:
		return a
	case c.Mode == "active-passive" && c.Failover == "manual":
		if zoneUp(0) {
			return a
		}
		return 0
	}
	need := c.MinHealthy
	if c.Mode == "active-passive" {
		need = 1
	}
	n := 0
	for i := range c.Instances {
		if zoneUp(i) {
			n++
		}
	}
	avail := 1 - binomialBelow(n, a, need)
	if c.Mode == "active-passive" && c.Instances >= 2 {
		avail -= (1 - a) * failoverFraction(c)
	}
	return max(avail, 0)
}
