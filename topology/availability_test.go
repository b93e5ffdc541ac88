package topology

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func mustLoad(t testing.TB, src string) *Model {
	t.Helper()
	m, err := LoadBytes("t.nines.hcl", []byte(src), Limits{})
	if err != nil {
		t.Fatalf("loading:\n%v", err)
	}
	return m
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%s = %.15f, want %.15f", what, got, want)
	}
}

func TestComponentAvailability(t *testing.T) {
	m := mustLoad(t, `
zone "z1" {
  availability = 0.99
}
zone "z2" {
  availability = 0.98
}
zone "free" {}
service "three" {
  instances = 3
}
service "two-of-three" {
  instances   = 3
  min_healthy = 2
}
service "zoned" {
  instances    = 2
  zones        = ["z1", "z2"]
  availability = 0.9
}
service "zoned-k" {
  instances    = 4
  zones        = ["z1", "z2"]
  min_healthy  = 3
  availability = 0.9
}
service "free-zone" {
  instances = 2
  zones     = ["free"]
}
database "ap" {
  instances    = 2
  mode         = "active-passive"
  availability = "99%"
}
database "manual" {
  instances    = 2
  zones        = ["z1", "z2"]
  mode         = "active-passive"
  failover     = "manual"
  availability = "99%"
}
external "vendor" {
  instances    = 5
  availability = "99.5%"
}
`)
	a := 0.999
	near(t, "3 instances, m=1", m.Component("three").Availability, 1-math.Pow(1-a, 3))
	near(t, "2 of 3", m.Component("two-of-three").Availability, 3*a*a*(1-a)+a*a*a)
	// Zone states: both up, only z1, only z2 (none up contributes nothing).
	near(t, "zoned", m.Component("zoned").Availability,
		0.99*0.98*(1-0.1*0.1)+0.99*0.02*0.9+0.01*0.98*0.9)
	// Two instances per zone; three healthy need both zones up.
	p4 := math.Pow(0.9, 4) + 4*math.Pow(0.9, 3)*0.1
	near(t, "zoned 3 of 4", m.Component("zoned-k").Availability, 0.99*0.98*p4)
	near(t, "zone without availability", m.Component("free-zone").Availability, 1-math.Pow(1-a, 2))
	// Failing over costs 60s of each 1h outage of the primary while the
	// standby is up to take over.
	near(t, "active-passive", m.Component("ap").Availability, 1-0.01*0.01-0.01*0.99*60.0/3600)
	near(t, "manual failover", m.Component("manual").Availability, 0.99*0.99)
	near(t, "external", m.Component("vendor").Availability, 0.995)
}

func TestBinomialBelowLarge(t *testing.T) {
	// 10,000 instances at 99.9% need 9,980 healthy: P(more than 20
	// down) for a mean of 10 down is about 0.0017 (Poisson tail).
	got := binomialBelow(10000, 0.999, 9980)
	if got < 0.001 || got > 0.003 {
		t.Errorf("binomialBelow(10000, 0.999, 9980) = %v", got)
	}
	if got := binomialBelow(10000, 0.999, 1); got != 0 && got > 1e-300 {
		t.Errorf("all 10,000 down = %v, want ~0", got)
	}
	near(t, "n < k", binomialBelow(2, 0.9, 3), 1)
	near(t, "k = 0", binomialBelow(2, 0.9, 0), 0)
}

func journeyOf(t *testing.T, an *Analysis, name string) *JourneyResult {
	t.Helper()
	for _, j := range an.Journeys {
		if j.Journey.Name == name {
			return j
		}
	}
	t.Fatalf("no journey %q", name)
	return nil
}

func TestJourneyAvailability(t *testing.T) {
	m := mustLoad(t, `
external "e" {
  availability = 0.99
}
external "t" {
  availability = 0.9
}
external "f" {
  availability = 0.8
}
external "s" {
  availability = 0.95
}
external "opt" {
  availability = 0.5
}
external "x" {
  availability = 0.7
}
service "serial" {
  availability = 0.99
  call "s" {}
  call "opt" {
    required = false
  }
}
service "or" {
  availability = 0.99
  call "t" {
    fallback = "f"
  }
}
service "shared-serial" {
  availability = 0.99
  call "s" {}
  call "tt" {
    fallback = "ff"
  }
}
service "tt" {
  availability = 0.9
  call "s" {}
}
service "ff" {
  availability = 0.8
  call "s" {}
}
service "a" {
  availability = 0.99
  call "b" {}
  call "x" {}
}
service "b" {
  availability = 0.99
  call "x" {}
}
journey "serial" {
  entry = "serial"
  slo   = "99%"
}
journey "or" {
  entry = "or"
  slo   = "99%"
}
journey "shared-serial" {
  entry = "shared-serial"
  slo   = "90%"
}
journey "diamond" {
  entry  = "a"
  slo    = "50%"
  window = "year"
}
`)
	an := Analyze(m)
	near(t, "serial (optional call ignored)", journeyOf(t, an, "serial").Availability, 0.99*0.95)
	near(t, "fallback OR", journeyOf(t, an, "or").Availability, 0.99*(1-0.1*0.2))
	// s is needed by the entry itself, so it counts once, outside the OR.
	near(t, "shared serial component", journeyOf(t, an, "shared-serial").Availability, 0.99*0.95*(1-0.1*0.2))
	// x is reached twice; it counts once.
	d := journeyOf(t, an, "diamond")
	near(t, "diamond", d.Availability, 0.99*0.99*0.7)
	near(t, "downtime per year", d.DowntimeMinutes, (1-0.99*0.99*0.7)*525960)
	near(t, "error budget per year", d.ErrorBudgetMinutes, 0.5*525960)
	if !d.MeetsSLO || journeyOf(t, an, "serial").MeetsSLO {
		t.Errorf("meets_slo wrong")
	}
	if got := journeyOf(t, an, "shared-serial").Serial; len(got) != 2 || got[0] != "s" || got[1] != "shared-serial" {
		t.Errorf("serial components = %v, want [s shared-serial]", got)
	}
	if got := journeyOf(t, an, "shared-serial").Components; len(got) != 4 {
		t.Errorf("closure = %v, want the entry, s, tt and ff", got)
	}
	if an.Required[m.Component("opt").Index] {
		t.Errorf("a component behind an optional call only is not required")
	}
	// Contributors: x is the weakest; its gain is A/0.7 − A.
	c := d.Contributors
	if len(c) != 3 || c[0].Component != "x" {
		t.Fatalf("contributors = %+v", c)
	}
	if want := d.Availability/0.7 - d.Availability; math.Abs(c[0].Unavailability-want) > want*1e-3 {
		t.Errorf("x contribution = %v, want %v (to four digits)", c[0].Unavailability, want)
	}
	// Under the OR, a perfect t makes the group certain.
	or := journeyOf(t, an, "or")
	for _, c := range or.Contributors {
		if c.Component == "t" {
			if want := 0.99 - or.Availability; math.Abs(c.Unavailability-want) > want*1e-3 {
				t.Errorf("t contribution = %v, want %v", c.Unavailability, want)
			}
		}
	}
}

func TestWithoutJourneysEverythingIsRequired(t *testing.T) {
	m := mustLoad(t, "service \"a\" {\n  call \"b\" {\n    required = false\n  }\n}\nservice \"b\" {}\n")
	an := Analyze(m)
	for i, c := range m.Components {
		if !an.Required[i] {
			t.Errorf("%s is not required", c.Name)
		}
	}
}

func TestAmplificationAndInboundTimeouts(t *testing.T) {
	m := mustLoad(t, `
service "web" {
  call "api" {
    timeout = "2s"
    retries = 2
  }
  call "search" {
    timeout = "1s"
    retries = 9
  }
}
service "api" {
  call "db" {
    timeout = "500ms"
    retries = 3
  }
  call "log" {
    retries = -1
    required = false
  }
}
service "search" {}
service "admin" {
  call "api" {
    timeout = "800ms"
  }
}
database "db" {}
queue "log" {}
journey "shop" {
  entry   = "web"
  slo     = "99%"
  timeout = "3s"
}
journey "fast" {
  entry   = "web"
  slo     = "99%"
  timeout = "1500ms"
}
`)
	an := Analyze(m)
	amp := journeyOf(t, an, "shop").Amplification
	if amp.Product != 12 || amp.Unlimited || len(amp.Path) != 3 || amp.Path[2] != "db" ||
		len(amp.Attempts) != 2 || *amp.Attempts[0] != 3 || *amp.Attempts[1] != 4 {
		t.Errorf("amplification = %+v, want 12 along web -> api -> db", amp)
	}
	f := BuildFacts(an)
	byID := map[string]*CallFacts{}
	for _, c := range f.Calls {
		byID[c.ID] = c
	}
	if c := byID["api->db"]; c.CallerInboundTimeoutSeconds == nil || *c.CallerInboundTimeoutSeconds != 0.8 || c.CallerInboundSource != "call admin->api" {
		t.Errorf("api->db inbound = %v %q", c.CallerInboundTimeoutSeconds, c.CallerInboundSource)
	}
	if c := byID["web->api"]; c.CallerInboundTimeoutSeconds == nil || *c.CallerInboundTimeoutSeconds != 1.5 || c.CallerInboundSource != "journey fast" {
		t.Errorf("web->api inbound = %v %q", c.CallerInboundTimeoutSeconds, c.CallerInboundSource)
	}
	if c := byID["admin->api"]; c.CallerInboundTimeoutSeconds != nil {
		t.Errorf("admin->api has no inbound timeout, got %v", *c.CallerInboundTimeoutSeconds)
	}
	if c := byID["api->log"]; !c.UnlimitedRetries || c.Attempts != nil || c.Required {
		t.Errorf("api->log facts = %+v", c)
	}
	if c := f.Components["log"]; c.Required {
		t.Errorf("log is behind an optional call only")
	}
	if c := f.Components["admin"]; c.Required || len(c.Journeys) != 0 {
		t.Errorf("admin is in no journey: %+v", c)
	}
	if got := f.Components["db"].Journeys; len(got) != 2 || got[0] != "fast" {
		t.Errorf("db journeys = %v", got)
	}
	// Unlimited retries on a required path win over any finite product.
	m2 := mustLoad(t, "service \"a\" {\n  call \"b\" {\n    retries = 9\n  }\n  call \"c\" {\n    retries = -1\n  }\n}\nservice \"b\" {}\nservice \"c\" {}\njourney \"j\" {\n  entry = \"a\"\n  slo = \"99%\"\n}\n")
	amp = journeyOf(t, Analyze(m2), "j").Amplification
	if !amp.Unlimited || amp.Path[1] != "c" {
		t.Errorf("amplification = %+v, want unlimited through c", amp)
	}
}

func TestBinomialBelowMatchesDirectSum(t *testing.T) {
	direct := func(n int, a float64, k int) float64 {
		sum := 0.0
		for i := 0; i < k; i++ {
			lc, _ := math.Lgamma(float64(n + 1))
			li, _ := math.Lgamma(float64(i + 1))
			lr, _ := math.Lgamma(float64(n - i + 1))
			sum += math.Exp(lc - li - lr + float64(i)*math.Log(a) + float64(n-i)*math.Log1p(-a))
		}
		return sum
	}
	for _, tc := range []struct {
		n, k int
		a    float64
	}{{1, 1, 0.999}, {3, 1, 0.999}, {3, 2, 0.999}, {5, 3, 0.9}, {10, 10, 0.99}, {40, 20, 0.5}, {200, 190, 0.97}, {7, 1, 0.3}} {
		got, want := binomialBelow(tc.n, tc.a, tc.k), direct(tc.n, tc.a, tc.k)
		if math.Abs(got-want) > 1e-12*math.Max(1, want) && math.Abs(got-want)/want > 1e-9 {
			t.Errorf("binomialBelow(%d, %v, %d) = %.17g, want %.17g", tc.n, tc.a, tc.k, got, want)
		}
	}
}

// TestContributorsMatchBruteForce checks the incremental gains against a
// full re-analysis with each component made perfect, on random DAGs with
// nested fallbacks, shared components and zones.
func TestContributorsMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	underFallback, zones := 0, 0
	for trial := range 80 {
		var b strings.Builder
		b.WriteString("zone \"a\" {\n  availability = 0.97\n}\nzone \"b\" {\n  availability = 0.95\n}\n")
		n := 6 + rng.IntN(8)
		for i := range n {
			fmt.Fprintf(&b, "service \"c%d\" {\n  availability = %v\n", i, 0.8+0.19*rng.Float64())
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "  instances = 2\n  zones = [\"a\", \"b\"]\n")
			}
			for t := i + 1; t < n; t++ {
				if rng.IntN(3) != 0 {
					continue
				}
				fmt.Fprintf(&b, "  call \"c%d\" {\n", t)
				if fb := t + 1 + rng.IntN(n); fb < n && rng.IntN(2) == 0 {
					fmt.Fprintf(&b, "    fallback = \"c%d\"\n", fb)
				}
				b.WriteString("  }\n")
			}
			b.WriteString("}\n")
		}
		b.WriteString("journey \"j\" {\n  entry = \"c0\"\n  slo = \"50%\"\n}\n")
		src := b.String()
		m := mustLoad(t, src)
		base := Analyze(m).Journeys[0]
		for _, c := range base.Contributors {
			mm := mustLoad(t, src)
			if c.Zone != "" {
				mm.Zone(c.Zone).Availability = 1
				computeComponentAvailability(mm)
				zones++
			} else {
				perfect := mm.Component(c.Component)
				perfect.Kind, perfect.InstanceAvailability, perfect.Availability = KindExternal, 1, 1
			}
			want := Analyze(mm).Journeys[0].Availability - base.Availability
			if c.Zone == "" && !slices.Contains(base.Serial, c.Component) {
				underFallback++
			}
			if math.Abs(c.Unavailability-want) > 1e-3*want+1e-12 {
				t.Errorf("trial %d: gain of %s = %v, brute force %v\n%s", trial, c.Label(), c.Unavailability, want, src)
			}
		}
	}
	if underFallback < 15 || zones < 15 {
		t.Errorf("only %d contributors under a fallback and %d zones were checked", underFallback, zones)
	}
}
