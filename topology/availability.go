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
	case c.Mode == "active-passive":
		return activePassiveAvailability(m, c)
	}
	return max(1-kOfNUnavailability(m, c, c.MinHealthy), 0)
}

// availabilityZonesUp is ComponentAvailability with every zone up: what
// the instances alone give.
func availabilityZonesUp(c *Component) float64 {
	a := c.InstanceAvailability
	switch {
	case c.Kind == KindExternal || (c.Mode == "active-passive" && c.Failover == "manual"):
		return a
	case c.Mode == "active-passive":
		return activePassiveGiven(c, true, c.Instances-1)
	}
	return 1 - binomialBelow(c.Instances, a, c.MinHealthy)
}

// failoverLoss is the availability the failover windows of an automatic
// active-passive component cost with every zone up: the primary is down a
// fraction (1 − a) of the time and, while a standby is there to take
// over, a fraction failover_time / mttr of that is spent failing over.
func failoverLoss(c *Component) float64 {
	if c.Kind == KindExternal || c.Mode != "active-passive" || c.Failover == "manual" || c.Instances < 2 {
		return 0
	}
	a := c.InstanceAvailability
	return (1 - a) * failoverFraction(c) * (1 - math.Pow(1-a, float64(c.Instances-1)))
}

// activePassiveGiven is the availability of an automatic active-passive
// component given whether its primary's zone is up and how many of its
// other instances are in zones that are up. It is up when some instance
// is healthy (up, in a zone that is up) and it is not failing over: while
// the primary is unhealthy and a standby is healthy, it is in a failover
// window a fraction failover_time / mttr of the time.
//
//	P = 1 − (1 − a)^healthy_candidates − f · q · (1 − (1 − a)^others)
//
// where q is 1 − a with the primary's zone up (1 when it is down).
func activePassiveGiven(c *Component, primaryZoneUp bool, others int) float64 {
	a := c.InstanceAvailability
	candidates, q := others, 1.0
	if primaryZoneUp {
		candidates, q = others+1, 1-a
	}
	allDown := math.Pow(1-a, float64(candidates))
	standby := 1 - math.Pow(1-a, float64(others))
	return max(1-allDown-failoverFraction(c)*q*standby, 0)
}

// activePassiveAvailability sums activePassiveGiven over the states of the
// primary's zone and the distribution of the other instances in zones that
// are up, convolved one zone at a time as kOfNUnavailability does.
func activePassiveAvailability(m *Model, c *Component) float64 {
	if len(c.Zones) == 0 {
		return activePassiveGiven(c, true, c.Instances-1)
	}
	primary := c.Zones[0]
	pz := 1.0
	if z := m.Zone(primary); z != nil && z.Modelled {
		pz = z.Availability
	}
	// The other instances: those sharing the primary's zone follow it.
	samePrimary, alwaysUp := 0, 0
	perZone := map[string]int{}
	for i := 1; i < c.Instances; i++ {
		name := c.Zones[i%len(c.Zones)]
		z := m.Zone(name)
		switch {
		case name == primary:
			samePrimary++
		case z == nil || !z.Modelled || z.Availability >= 1:
			alwaysUp++
		default:
			perZone[name]++
		}
	}
	dist := upDistribution(m, c.Zones, perZone, alwaysUp, c.Instances-1)
	total := 0.0
	for u, p := range dist {
		if p == 0 {
			continue
		}
		total += p * pz * activePassiveGiven(c, true, u+samePrimary)
		if pz < 1 {
			total += p * (1 - pz) * activePassiveGiven(c, false, u)
		}
	}
	return min(max(total, 0), 1)
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

// upDistribution is dist[u] = P(u instances are in zones that are up), for
// alwaysUp instances outside failing zones and perZone[z] in each failing
// zone (emptied on the way), at most n in all: the distribution convolved
// one zone at a time, in the listed order so that it is deterministic.
func upDistribution(m *Model, zones []string, perZone map[string]int, alwaysUp, n int) []float64 {
	dist := make([]float64, n+1)
	dist[alwaysUp] = 1
	hi := alwaysUp
	for _, name := range zones {
		k, ok := perZone[name]
		if !ok {
			continue
		}
		delete(perZone, name)
		z := m.Zone(name).Availability
		for u := hi; u >= 0; u-- {
			if dist[u] != 0 {
				dist[u+k] += dist[u] * z
				dist[u] *= 1 - z
			}
		}
		hi += k
	}
	return dist
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
	dist := upDistribution(m, c.Zones, perZone, alwaysUp, n)
	u := 0.0
	for up, p := range dist {
		if p != 0 {
			u += p * binomialBelow(up, c.InstanceAvailability, need)
		}
	}
	return min(max(u, 0), 1)
}

// binomialBelow is P(Binomial(n, a) < k), through the regularized
// incomplete beta function: P(X ≤ k−1) = I_{1−a}(n−k+1, k). Its cost
// does not grow with n or k, and it stays accurate for the tiny values
// that high availability produces.
func binomialBelow(n int, a float64, k int) float64 {
	if n < k {
		return 1
	}
	if k <= 0 || a >= 1 {
		return 0
	}
	if a <= 0 {
		return 1
	}
	if k == 1 {
		// All down: exact for one instance, so that 1 − P(all down) gives
		// back the instance availability as written.
		return math.Pow(1-a, float64(n))
	}
	return min(max(regIncBeta(float64(n-k+1), float64(k), 1-a), 0), 1)
}

// regIncBeta is I_x(p, q), evaluated with the continued fraction of
// Lentz's method on whichever side converges fast.
func regIncBeta(p, q, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	lbeta := func(p, q float64) float64 {
		a, _ := math.Lgamma(p)
		b, _ := math.Lgamma(q)
		c, _ := math.Lgamma(p + q)
		return a + b - c
	}
	front := math.Exp(p*math.Log(x) + q*math.Log1p(-x) - lbeta(p, q))
	if x < (p+1)/(p+q+2) {
		return front * betaFraction(p, q, x) / p
	}
	return 1 - front*betaFraction(q, p, 1-x)/q
}

func betaFraction(p, q, x float64) float64 {
	const tiny, eps = 1e-300, 1e-16
	c, d := 1.0, 1-(p+q)*x/(p+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 10000; m++ {
		fm := float64(m)
		num := fm * (q - fm) * x / ((p + 2*fm - 1) * (p + 2*fm))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		num = -(p + fm) * (p + q + fm) * x / ((p + 2*fm) * (p + 2*fm + 1))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		delta := d * c
		h *= delta
		if math.Abs(delta-1) < eps {
			break
		}
	}
	return h
}

// placement is where a component's instances are, so that its
// availability given the state of the zones the journey is conditioned on
// is cheap. The other zones it uses (private: no other component of the
// journey depends on them) are summed over once, into dist.
type placement struct {
	external, manual, passive bool

	alwaysUp int      // instances in zones that never fail (for a passive one: standbys only)
	perZone  [][2]int // (conditioned zone index, instances); standbys only for a passive one
	dist     []upCount

	// The primary (instance 0) of an active-passive component: its
	// conditioned zone index, or -1 with primaryZ the availability of its
	// private zone (1 without one) and samePrimary the standbys there.
	primary     int
	primaryZ    float64
	samePrimary int

	forced   string      // the private zone a variant takes as always up
	variants []placement // one per private zone, for its gain
}

// upCount is a number of instances up in private zones and its probability.
type upCount struct {
	n int
	p float64
}

// placementOf lays c's instances round-robin over its zones; index maps
// the zones the journey is conditioned on to their index in the state.
func placementOf(m *Model, c *Component, index map[string]int) placement {
	p := placementWith(m, c, index, "")
	seen := map[string]bool{}
	for k := range min(c.Instances, len(c.Zones)) {
		name := c.Zones[k]
		if _, cond := index[name]; cond || seen[name] || !failing(m, name) {
			continue
		}
		seen[name] = true
		p.variants = append(p.variants, placementWith(m, c, index, name))
	}
	return p
}

func failing(m *Model, zone string) bool {
	z := m.Zone(zone)
	return z != nil && z.Modelled && z.Availability < 1
}

// placementWith is placementOf with the private zone forced (if any) up.
func placementWith(m *Model, c *Component, index map[string]int, forced string) placement {
	p := placement{primary: -1, primaryZ: 1, forced: forced, external: c.Kind == KindExternal,
		manual:  c.Mode == "active-passive" && c.Failover == "manual",
		passive: c.Mode == "active-passive" && c.Failover != "manual"}
	private := map[string]int{}
	firstPrimary := p.manual || p.passive
	for i := range c.Instances {
		if len(c.Zones) == 0 {
			if !(firstPrimary && i == 0) {
				p.alwaysUp++
			}
			continue
		}
		name := c.Zones[i%len(c.Zones)]
		b, cond := index[name]
		isFailing := failing(m, name) && name != forced
		if firstPrimary && i == 0 {
			switch {
			case cond:
				p.primary = b
			case isFailing:
				p.primaryZ = m.Zone(name).Availability
			}
			continue
		}
		switch {
		case cond:
			merged := false
			for k := range p.perZone {
				if p.perZone[k][0] == b {
					p.perZone[k][1]++
					merged = true
				}
			}
			if !merged {
				p.perZone = append(p.perZone, [2]int{b, 1})
			}
		case !isFailing:
			p.alwaysUp++
		case firstPrimary && len(c.Zones) > 0 && name == c.Zones[0] && p.primary < 0:
			p.samePrimary++ // follows the primary's private zone
		default:
			private[name]++
		}
	}
	var zones []string
	for _, name := range c.Zones {
		if _, ok := private[name]; ok {
			zones = append(zones, name)
		}
	}
	total := 0
	for _, k := range private {
		total += k
	}
	for u, pr := range upDistribution(m, zones, private, 0, total) {
		if pr != 0 {
			p.dist = append(p.dist, upCount{u, pr})
		}
	}
	return p
}

// availability is c's own availability given which conditioned zones are
// up, summed over the states of its private zones.
func (p placement) availability(c *Component, up []bool) float64 {
	a := c.InstanceAvailability
	switch {
	case p.external:
		return a
	case p.manual:
		if p.primary >= 0 {
			if up[p.primary] {
				return a
			}
			return 0
		}
		return a * p.primaryZ
	}
	n := p.alwaysUp
	for _, bc := range p.perZone {
		if up[bc[0]] {
			n += bc[1]
		}
	}
	total := 0.0
	for _, d := range p.dist {
		switch {
		case !p.passive:
			total += d.p * max(1-binomialBelow(n+d.n, a, c.MinHealthy), 0)
		case p.primary >= 0:
			total += d.p * activePassiveGiven(c, up[p.primary], n+d.n)
		default:
			total += d.p * p.primaryZ * activePassiveGiven(c, true, n+p.samePrimary+d.n)
			if p.primaryZ < 1 {
				total += d.p * (1 - p.primaryZ) * activePassiveGiven(c, false, n+d.n)
			}
		}
	}
	return min(max(total, 0), 1)
}
