package topology

import (
	"math"
	"os"
	"path"
	"testing"
)

// checkAgainstSimulation compares every journey's analytic availability
// with a Monte Carlo estimate: they must agree within 5 standard errors
// (plus slack for the documented approximations, zero unless given).
func checkAgainstSimulation(t *testing.T, m *Model, trials int, slack float64) {
	t.Helper()
	an := Analyze(m)
	sims := Simulate(m, trials, 42)
	if len(sims) != len(an.Journeys) {
		t.Fatalf("%d simulated journeys, want %d", len(sims), len(an.Journeys))
	}
	for i, s := range sims {
		p := an.Journeys[i].Availability
		sigma := math.Sqrt(p * (1 - p) / float64(trials))
		if diff := math.Abs(s.Availability - p); diff > 5*sigma+slack+1e-9 {
			t.Errorf("journey %s: analytic %.7f, simulated %.7f (σ %.2g): off by %.1fσ",
				s.Journey, p, s.Availability, sigma, diff/sigma)
		}
	}
}

func TestSimulationAgreesOnEveryExample(t *testing.T) {
	root := "../testdata/topology"
	fsys := os.DirFS(root)
	for _, dir := range []string{"naive-shop", "reviewed-shop", "retry-storm", "data-placement"} {
		t.Run(dir, func(t *testing.T) {
			names, err := Discover(fsys, []string{dir})
			if err != nil || len(names) == 0 {
				t.Fatalf("no topology in %s: %v", path.Join(root, dir), err)
			}
			m, err := Load(fsys, names, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			checkAgainstSimulation(t, m, 300_000, 0)
		})
	}
}

func TestSimulationAgreesOnRedundancyShapes(t *testing.T) {
	m := mustLoad(t, `
zone "a" {
  availability = "99%"
}
zone "b" {
  availability = "98%"
}
load_balancer "lb" {
  instances    = 2
  zones        = ["a", "b"]
  availability = "98%"
  call "api" {}
}
service "api" {
  instances    = 4
  zones        = ["a", "b"]
  min_healthy  = 3
  availability = "97%"
  call "db" {}
  call "vendor" {
    fallback = "queue"
  }
}
database "db" {
  instances     = 2
  zones         = ["a", "b"]
  mode          = "active-passive"
  availability  = "95%"
  failover_time = "10m"
  mttr          = "1h"
}
database "manual" {
  instances    = 2
  zones        = ["b", "a"]
  mode         = "active-passive"
  failover     = "manual"
  availability = "99%"
}
external "vendor" {
  availability = "90%"
}
queue "queue" {
  instances    = 2
  availability = "90%"
  call "manual" {}
}
journey "order" {
  entry = "lb"
  slo   = "99%"
}
journey "direct" {
  entry = "api"
  slo   = "99%"
}
`)
	checkAgainstSimulation(t, m, 400_000, 0)
}

// TestSharedDependencyUnderAFallback: a component shared by both branches
// of a fallback was once counted as two independent copies (optimistic by
// 0.073 here); conditioning on it gives the exact value.
func TestSharedDependencyUnderAFallback(t *testing.T) {
	m := mustLoad(t, `
external "x" {
  availability = 0.9
}
service "t" {
  availability = 0.9
  call "x" {}
}
service "f" {
  availability = 0.9
  call "x" {}
}
service "e" {
  availability = 1
  call "t" {
    fallback = "f"
  }
}
journey "j" {
  entry = "e"
  slo   = "50%"
}
`)
	exact := 0.9 * (1 - 0.1*0.1) // x must be up either way
	got := Analyze(m).Journeys[0].Availability
	near(t, "analytic", got, exact)
	const n = 200_000
	sim := Simulate(m, n, 7)[0]
	sigma := math.Sqrt(exact * (1 - exact) / n)
	if math.Abs(sim.Availability-exact) > 5*sigma {
		t.Errorf("simulated %.5f, exact %.5f", sim.Availability, exact)
	}
	checkAgainstSimulation(t, m, n, 0)
}

func TestSimulateIsDeterministic(t *testing.T) {
	m := mustLoad(t, "service \"a\" {}\njourney \"j\" {\n  entry = \"a\"\n  slo = \"99%\"\n}\n")
	a, b := Simulate(m, 1000, 3), Simulate(m, 1000, 3)
	if a[0] != b[0] {
		t.Errorf("same seed, different results: %v %v", a[0], b[0])
	}
	if Simulate(m, 0, 1) != nil {
		t.Errorf("zero trials must give no estimate")
	}
}
