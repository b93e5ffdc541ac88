package topology

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// bruteForce computes a journey's availability from the language's
// definitions alone (docs/topology.md), sharing no code with the engine:
// it enumerates every up/down state of the zones and, given each, every
// state of every instance (and of the failover window of an active-passive
// component) to get each component's probability of being up, then every
// up/down state of the components, evaluating the works-condition on each.
func bruteForce(m *Model, j *Journey) float64 {
	byName := map[string]*Component{}
	for _, c := range m.Components {
		byName[c.Name] = c
	}
	// The required closure of the entry.
	var comps []*Component
	index := map[string]int{}
	var visit func(name string)
	visit = func(name string) {
		if _, ok := index[name]; ok {
			return
		}
		index[name] = len(comps)
		c := byName[name]
		comps = append(comps, c)
		for _, call := range c.Calls {
			if call.Required {
				visit(call.To)
				if call.Fallback != "" {
					visit(call.Fallback)
				}
			}
		}
	}
	visit(j.Entry)
	// Zones that can fail and hold an instance of the closure.
	var zones []string
	zoneAvail := map[string]float64{}
	for _, z := range m.Zones {
		if z.Modelled && z.Availability < 1 {
			zoneAvail[z.Name] = z.Availability
		}
	}
	seenZone := map[string]bool{}
	for _, c := range comps {
		if c.Kind == KindExternal {
			continue
		}
		for i := 0; i < c.Instances && len(c.Zones) > 0; i++ {
			z := c.Zones[i%len(c.Zones)]
			if _, fails := zoneAvail[z]; fails && !seenZone[z] {
				seenZone[z] = true
				zones = append(zones, z)
			}
		}
	}
	total := 0.0
	zoneUp := map[string]bool{}
	for zs := 0; zs < 1<<len(zones); zs++ {
		pz := 1.0
		for b, z := range zones {
			zoneUp[z] = zs&(1<<b) != 0
			if zoneUp[z] {
				pz *= zoneAvail[z]
			} else {
				pz *= 1 - zoneAvail[z]
			}
		}
		inZoneUp := func(c *Component, i int) bool {
			if len(c.Zones) == 0 {
				return true
			}
			z := c.Zones[i%len(c.Zones)]
			if _, fails := zoneAvail[z]; !fails {
				return true
			}
			return zoneUp[z]
		}
		q := make([]float64, len(comps))
		for k, c := range comps {
			q[k] = upGivenZones(c, inZoneUp)
		}
		for cs := 0; cs < 1<<len(comps); cs++ {
			p := pz
			for k := range comps {
				if cs&(1<<k) != 0 {
					p *= q[k]
				} else {
					p *= 1 - q[k]
				}
			}
			if p == 0 {
				continue
			}
			memo := map[string]bool{}
			var works func(name string) bool
			works = func(name string) bool {
				if v, ok := memo[name]; ok {
					return v
				}
				c := byName[name]
				ok := cs&(1<<index[name]) != 0
				for _, call := range c.Calls {
					if ok && call.Required {
						ok = works(call.To) || (call.Fallback != "" && works(call.Fallback))
					}
				}
				memo[name] = ok
				return ok
			}
			if works(j.Entry) {
				total += p
			}
		}
	}
	return total
}

// upGivenZones enumerates the instances of c (and the failover window) for
// one state of the zones.
func upGivenZones(c *Component, inZoneUp func(*Component, int) bool) float64 {
	a := c.InstanceAvailability
	switch {
	case c.Kind == KindExternal:
		return a
	case c.Mode == "active-passive" && c.Failover == "manual":
		if inZoneUp(c, 0) {
			return a
		}
		return 0
	}
	f := 1.0
	if c.MTTR > 0 {
		f = math.Min(c.FailoverTime/c.MTTR, 1)
	}
	up := 0.0
	for s := 0; s < 1<<c.Instances; s++ {
		p, healthy := 1.0, 0
		for i := range c.Instances {
			if s&(1<<i) != 0 {
				p *= a
				if inZoneUp(c, i) {
					healthy++
				}
			} else {
				p *= 1 - a
			}
		}
		if c.Mode != "active-passive" {
			if healthy >= c.MinHealthy {
				up += p
			}
			continue
		}
		if healthy == 0 {
			continue
		}
		primaryHealthy := s&1 != 0 && inZoneUp(c, 0)
		if primaryHealthy {
			up += p
		} else {
			up += p * (1 - f) // failing over a fraction f of the time
		}
	}
	return up
}

func zonesHCL(n int, avail func(i int) float64) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "zone \"z%d\" {\n  availability = %v\n}\n", i, avail(i))
	}
	return b.String()
}

// heldOut are topologies written for this test, none of them tuned on:
// shared dependencies under fallbacks, many zones, active-passive across
// zones, nested fallbacks and diamonds.
var heldOut = map[string]string{
	"shared dependency under a fallback": `
external "x" {
  availability = 0.97
}
service "y" {
  availability = 0.95
}
service "t" {
  availability = 0.9
  call "x" {}
  call "y" {}
}
service "f" {
  availability = 0.92
  call "x" {}
}
service "g" {
  availability = 0.9
  call "y" {}
}
service "h" {
  availability = 0.8
  call "x" {}
}
service "e" {
  call "t" {
    fallback = "f"
  }
  call "g" {
    fallback = "h"
  }
}
journey "j" {
  entry = "e"
  slo   = "99%"
}
`,
	"11 zones": zonesHCL(11, func(i int) float64 { return 0.9 + 0.008*float64(i) }) + `
service "api" {
  instances    = 3
  zones        = ["z0", "z1", "z2"]
  min_healthy  = 2
  availability = 0.95
  call "db" {}
  call "cache" {
    fallback = "search"
  }
}
database "db" {
  instances    = 3
  zones        = ["z3", "z4", "z0"]
  availability = 0.9
}
cache "cache" {
  instances    = 2
  zones        = ["z5", "z6"]
  availability = 0.9
  call "db" {}
}
service "search" {
  instances    = 2
  zones        = ["z7", "z8"]
  availability = 0.93
}
service "edge" {
  instances    = 2
  zones        = ["z9", "z10"]
  availability = 0.97
  call "api" {}
}
journey "j" {
  entry = "edge"
  slo   = "85%"
}
`,
	"16 zones": zonesHCL(16, func(i int) float64 { return 0.85 + 0.009*float64(i) }) + `
service "a" {
  instances    = 3
  zones        = ["z0", "z1", "z2"]
  availability = 0.9
  call "b" {}
  call "c" {
    fallback = "d"
  }
}
service "b" {
  instances    = 3
  zones        = ["z3", "z4", "z5"]
  min_healthy  = 2
  availability = 0.97
  call "e" {}
}
service "c" {
  instances    = 2
  zones        = ["z6", "z7"]
  availability = 0.9
  call "e" {}
}
service "d" {
  instances    = 3
  zones        = ["z8", "z9", "z10"]
  availability = 0.85
}
database "e" {
  instances    = 3
  zones        = ["z11", "z12", "z13"]
  mode         = "active-passive"
  failover_time = "10m"
  availability = 0.9
}
external "v" {
  availability = 0.9
}
service "entry" {
  instances    = 2
  zones        = ["z14", "z15"]
  availability = 0.95
  call "a" {}
  call "v" {
    required = false
  }
}
journey "j" {
  entry = "entry"
  slo   = "80%"
}
`,
	// 13 of its 16 zones hold instances of two or more components and are
	// conditioned on (8,192 states); the other three are summed into the
	// one component that uses each.
	"16 shared zones": zonesHCL(16, func(i int) float64 { return 0.8 + 0.012*float64(i) }) + `
service "a" {
  instances    = 4
  zones        = ["z0", "z1", "z2", "z3"]
  min_healthy  = 2
  availability = 0.9
  call "b" {}
  call "c" {
    fallback = "d"
  }
}
service "b" {
  instances    = 4
  zones        = ["z3", "z4", "z5", "z6"]
  availability = 0.85
  call "e" {}
}
service "c" {
  instances    = 4
  zones        = ["z6", "z7", "z8", "z9"]
  min_healthy  = 3
  availability = 0.95
  call "f" {}
}
service "d" {
  instances    = 3
  zones        = ["z9", "z10", "z11"]
  availability = 0.9
  call "f" {}
}
database "e" {
  instances     = 3
  zones         = ["z11", "z12", "z13"]
  mode          = "active-passive"
  failover_time = "15m"
  availability  = 0.9
}
cache "f" {
  instances    = 4
  zones        = ["z13", "z14", "z15", "z0"]
  availability = 0.8
  call "e" {}
}
service "g" {
  instances    = 3
  zones        = ["z1", "z5", "z12"]
  availability = 0.9
}
service "edge" {
  instances    = 3
  zones        = ["z2", "z8", "z14"]
  availability = 0.97
  call "a" {}
  call "g" {}
}
journey "j" {
  entry = "edge"
  slo   = "80%"
}
`,
	// Eleven zones under a k-of-n tier, an active-passive pair and a
	// cache: six are shared and conditioned on, five summed in.
	"11 shared zones": zonesHCL(11, func(i int) float64 { return 0.9 + 0.007*float64(i) }) + `
service "web" {
  instances    = 6
  zones        = ["z0", "z1", "z2", "z3", "z4", "z5"]
  min_healthy  = 4
  availability = 0.95
  call "db" {}
  call "cache" {
    fallback = "db"
  }
}
database "db" {
  instances     = 3
  zones         = ["z5", "z6", "z0"]
  mode          = "active-passive"
  failover_time = "5m"
  availability  = 0.9
}
cache "cache" {
  instances    = 5
  zones        = ["z6", "z7", "z8", "z9", "z10"]
  min_healthy  = 2
  availability = 0.85
}
load_balancer "lb" {
  instances    = 3
  zones        = ["z10", "z1", "z7"]
  availability = 0.99
  call "web" {}
}
journey "j" {
  entry = "lb"
  slo   = "90%"
}
`,
	"active-passive across zones": zonesHCL(3, func(i int) float64 { return 0.95 + 0.01*float64(i) }) + `
database "auto" {
  instances     = 3
  zones         = ["z0", "z1", "z2"]
  mode          = "active-passive"
  failover_time = "20m"
  mttr          = "1h"
  availability  = 0.9
}
database "slow" {
  instances     = 2
  zones         = ["z1", "z0"]
  mode          = "active-passive"
  failover_time = "2h"
  mttr          = "1h"
  availability  = 0.95
}
database "manual" {
  instances    = 2
  zones        = ["z2", "z0"]
  mode         = "active-passive"
  failover     = "manual"
  availability = 0.97
}
database "crowded" {
  instances     = 4
  zones         = ["z0", "z1"]
  mode          = "active-passive"
  failover_time = "5m"
  availability  = 0.8
}
service "app" {
  instances = 2
  zones     = ["z0", "z1"]
  call "auto" {}
  call "slow" {
    fallback = "manual"
  }
  call "crowded" {}
}
journey "j" {
  entry = "app"
  slo   = "90%"
}
`,
	"nested fallbacks": `
service "e" {
  call "a" {
    fallback = "b"
  }
}
service "a" {
  availability = 0.8
  call "c" {
    fallback = "d"
  }
}
service "b" {
  availability = 0.85
  call "c" {}
}
service "c" {
  availability = 0.7
  call "x" {}
}
service "d" {
  availability = 0.9
  call "x" {
    fallback = "y"
  }
}
external "x" {
  availability = 0.9
}
external "y" {
  availability = 0.6
}
journey "j" {
  entry = "e"
  slo   = "90%"
}
`,
	"diamonds": zonesHCL(2, func(i int) float64 { return 0.9 }) + `
service "top" {
  call "l" {}
  call "r" {}
}
service "l" {
  instances    = 2
  zones        = ["z0", "z1"]
  availability = 0.9
  call "bottom" {}
}
service "r" {
  availability = 0.95
  zones        = ["z1"]
  call "bottom" {
    fallback = "l"
  }
}
service "bottom" {
  instances    = 2
  zones        = ["z0", "z1"]
  availability = 0.8
  call "leaf" {
    fallback = "alt"
  }
}
service "leaf" {
  availability = 0.9
}
service "alt" {
  availability = 0.7
  call "bottom" {
    required = false
  }
}
journey "j" {
  entry = "top"
  slo   = "90%"
}
`,
}

func TestExactAgainstBruteForceOnHeldOutTopologies(t *testing.T) {
	for name, src := range heldOut {
		t.Run(name, func(t *testing.T) {
			m := mustLoad(t, src)
			r := Analyze(m).Journeys[0]
			want := bruteForce(m, r.Journey)
			if r.Bounded {
				t.Fatalf("not exact: [%v, %v]", r.Availability, r.Upper)
			}
			if d := math.Abs(r.Availability - want); d > 1e-12 {
				t.Errorf("availability %.15f, brute force %.15f (off by %.2g)", r.Availability, want, d)
			}
			t.Logf("%.15f, brute force %.15f", r.Availability, want)
			checkAgainstSimulation(t, m, 200_000, 0)
		})
	}
}

// TestExactAgainstBruteForceOnRandomTopologies: random shapes (k-of-n,
// active-passive, manual failover, zones shared between components,
// fallbacks sharing dependencies, optional calls); one in five is also
// simulated and must agree within 5 sigma.
func TestExactAgainstBruteForceOnRandomTopologies(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 13))
	worst := 0.0
	for trial := range 150 {
		var b strings.Builder
		nz := rng.IntN(6)
		b.WriteString(zonesHCL(nz, func(int) float64 { return 0.8 + 0.19*rng.Float64() }))
		n := 3 + rng.IntN(5)
		for i := range n {
			kind := "service"
			if rng.IntN(5) == 0 {
				kind = "external"
			}
			fmt.Fprintf(&b, "%s \"c%d\" {\n  availability = %v\n", kind, i, 0.6+0.39*rng.Float64())
			if kind != "external" {
				inst := 1 + rng.IntN(3)
				fmt.Fprintf(&b, "  instances = %d\n", inst)
				if nz > 0 && rng.IntN(4) != 0 {
					var zs []string
					for _, z := range rng.Perm(nz)[:1+rng.IntN(min(3, nz))] {
						zs = append(zs, fmt.Sprintf("\"z%d\"", z))
					}
					fmt.Fprintf(&b, "  zones = [%s]\n", strings.Join(zs, ", "))
				}
				switch rng.IntN(4) {
				case 0:
					fmt.Fprintf(&b, "  mode = \"active-passive\"\n  failover_time = \"%dm\"\n", 1+rng.IntN(90))
					if rng.IntN(3) == 0 {
						b.WriteString("  failover = \"manual\"\n")
					}
				case 1:
					fmt.Fprintf(&b, "  min_healthy = %d\n", 1+rng.IntN(inst))
				}
			}
			for to := i + 1; to < n && kind != "external"; to++ {
				if rng.IntN(3) != 0 {
					continue
				}
				fmt.Fprintf(&b, "  call \"c%d\" {\n", to)
				if fb := to + 1 + rng.IntN(n); fb < n && rng.IntN(2) == 0 {
					fmt.Fprintf(&b, "    fallback = \"c%d\"\n", fb)
				}
				if rng.IntN(6) == 0 {
					b.WriteString("    required = false\n")
				}
				b.WriteString("  }\n")
			}
			b.WriteString("}\n")
		}
		b.WriteString("journey \"j\" {\n  entry = \"c0\"\n  slo = \"50%\"\n}\n")
		src := b.String()
		m := mustLoad(t, src)
		r := Analyze(m).Journeys[0]
		want := bruteForce(m, r.Journey)
		d := math.Abs(r.Availability - want)
		worst = max(worst, d)
		if r.Bounded || d > 1e-12 {
			t.Fatalf("trial %d: availability %.15f (bounded %v), brute force %.15f\n%s", trial, r.Availability, r.Bounded, want, src)
		}
		if trial%5 == 0 {
			checkAgainstSimulation(t, m, 50_000, 0)
		}
	}
	t.Logf("150 random topologies, largest difference %.2g", worst)
}

// TestIntervalBeyondTheBudget: 40 zones, each holding an instance of two
// services of a serial chain (so each zone is shared and conditioned on),
// need 2^40 states; nines evaluates those with few zones down and
// certifies an interval that holds the exact value, here a product.
func TestIntervalBeyondTheBudget(t *testing.T) {
	const n = 40
	var b strings.Builder
	b.WriteString(zonesHCL(n, func(i int) float64 { return 0.99 - 0.001*float64(i%7) }))
	exact := 1.0
	for i := range 2 * n {
		fmt.Fprintf(&b, "service \"s%d\" {\n  zones = [\"z%d\"]\n  availability = 0.999\n", i, i/2)
		if i+1 < 2*n {
			fmt.Fprintf(&b, "  call \"s%d\" {}\n", i+1)
		}
		b.WriteString("}\n")
		exact *= 0.999
		if i%2 == 0 {
			exact *= 0.99 - 0.001*float64((i/2)%7)
		}
	}
	b.WriteString("journey \"j\" {\n  entry = \"s0\"\n  slo = \"60%\"\n}\n")
	m := mustLoad(t, b.String())
	r := Analyze(m).Journeys[0]
	if !r.Bounded {
		t.Fatalf("40 zones evaluated exactly, want an interval")
	}
	if r.Availability > exact+1e-12 || r.Upper < exact-1e-12 {
		t.Errorf("interval [%.12f, %.12f] does not hold %.12f", r.Availability, r.Upper, exact)
	}
	t.Logf("interval [%.12f, %.12f] of width %.2g holds %.12f", r.Availability, r.Upper, r.Upper-r.Availability, exact)
	checkAgainstSimulation(t, m, 100_000, r.Upper-r.Availability)
}
