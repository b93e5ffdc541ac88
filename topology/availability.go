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

// availabilityZonesUp is ComponentAvailability with every zone up: what
// the instances alone give.
func availabilityZonesUp(c *Component) float64 {
	a := c.InstanceAvailability
	if c.Kind == KindExternal || (c.Mode == "active-passive" && c.Failover == "manual") {
		return a
	}
	need := c.MinHealthy
	if c.Mode == "active-passive" {
		need = 1
	}
	return max(1-binomialBelow(c.Instances, a, need)-failoverLoss(c), 0)
}

// failoverLoss is the availability the failover windows of an automatic
// active-passive component cost: (1 − a) · failover_time / mttr.
func failoverLoss(c *Component) float64 {
	if c.Kind == KindExternal || c.Mode != "active-passive" || c.Failover == "manual" || c.Instances < 2 {
		return 0
	}
	return (1 - c.InstanceAvailability) * failoverFraction(c)
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

// placement is where a component's instances are, by zone state bit, so
// that its availability given a state of the zones is cheap.
type placement struct {
	alwaysUp int      // instances in zones that are not modelled (or none)
	perBit   [][2]int // (bit, instances) for modelled zones
	firstBit int      // bit of the first instance's zone; -1 when always up
	external bool
	manual   bool
	needed   int
	failover float64 // (1 − a) · failover_time / mttr for active-passive pairs
}

// placementOf lays c's instances round-robin over its zones; bit maps the
// modelled zones of the journey to state bits.
func placementOf(m *Model, c *Component, bit map[string]int) placement {
	p := placement{firstBit: -1, external: c.Kind == KindExternal,
		manual: c.Mode == "active-passive" && c.Failover == "manual", needed: c.MinHealthy}
	if c.Mode == "active-passive" {
		p.needed = 1
		if c.Instances >= 2 {
			p.failover = (1 - c.InstanceAvailability) * failoverFraction(c)
		}
	}
	z := len(c.Zones)
	if z == 0 {
		p.alwaysUp = c.Instances
		return p
	}
	for k := range min(z, c.Instances) {
		count := c.Instances / z
		if k < c.Instances%z {
			count++
		}
		b, ok := bit[c.Zones[k]]
		if !ok {
			p.alwaysUp += count
			continue
		}
		if k == 0 {
			p.firstBit = b
		}
		p.perBit = append(p.perBit, [2]int{b, count})
	}
	return p
}

// availability is c's own availability given which zones are up (bit b
// of state set when the zone is up).
func (p placement) availability(c *Component, state int) float64 {
	a := c.InstanceAvailability
	switch {
	case p.external:
		return a
	case p.manual:
		if p.firstBit < 0 || state&(1<<p.firstBit) != 0 {
			return a
		}
		return 0
	}
	n := p.alwaysUp
	for _, bc := range p.perBit {
		if state&(1<<bc[0]) != 0 {
			n += bc[1]
		}
	}
	return max(1-binomialBelow(n, a, p.needed)-p.failover, 0)
}
