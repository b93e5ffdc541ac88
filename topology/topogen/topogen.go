// Package topogen generates large synthetic topologies for benchmarks: n
// components in three zones, 3n calls that only go "down" the list (so
// required calls form no cycle), some with fallbacks, some optional, and a
// handful of journeys entering at the top.
package topogen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Journeys is how many journeys a generated topology has, whatever its size.
const Journeys = 5

// Generate returns the HCL of a topology with n components and 3n calls.
// The same n and seed give the same bytes.
func Generate(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var b strings.Builder
	zones := []string{"zone-a", "zone-b", "zone-c"}
	for _, z := range zones {
		fmt.Fprintf(&b, "zone %q {\n  availability = \"99.99%%\"\n}\n\n", z)
	}
	kinds := []string{"service", "service", "service", "service", "service", "service", "database", "cache", "queue", "external"}
	kindOf := make([]string, n)
	for i := range n {
		kindOf[i] = kinds[rng.IntN(len(kinds))]
		if i < Journeys {
			kindOf[i] = "load_balancer"
		}
	}
	name := func(i int) string { return fmt.Sprintf("c%05d", i) }
	// Targets of each component: distinct, later in the list; the calls
	// the last components cannot make are made by the first ones.
	targets := make([][]int, n)
	missing := 0
	for i := range n {
		want := 3
		seen := map[int]bool{}
		for len(targets[i]) < want && len(seen) < n-i-1 {
			// Mostly near neighbours, sometimes far: closures stay broad.
			span := min(n-i-1, 40)
			if rng.IntN(10) == 0 {
				span = n - i - 1
			}
			t := i + 1 + rng.IntN(span)
			if !seen[t] {
				seen[t] = true
				targets[i] = append(targets[i], t)
			}
		}
		missing += want - len(targets[i])
	}
	for i := 0; missing > 0 && i < n; i++ {
		called := map[int]bool{}
		for _, t := range targets[i] {
			called[t] = true
		}
		for t := n - 1; t > i && missing > 0; t-- {
			if !called[t] {
				targets[i] = append(targets[i], t)
				called[t] = true
				missing--
			}
		}
	}
	for i := range n {
		fmt.Fprintf(&b, "%s %q {\n", kindOf[i], name(i))
		if kindOf[i] == "external" {
			fmt.Fprintf(&b, "  availability = \"99.9%%\"\n")
		} else {
			inst := 2 + rng.IntN(3)
			fmt.Fprintf(&b, "  instances = %d\n  zones = [%q, %q, %q]\n", inst, zones[i%3], zones[(i+1)%3], zones[(i+2)%3])
		}
		fmt.Fprintf(&b, "  latency_p99 = \"%dms\"\n", 5+rng.IntN(200))
		if kindOf[i] == "database" {
			fmt.Fprintf(&b, "  mode = \"active-passive\"\n  replication = \"sync\"\n")
		}
		for _, t := range targets[i] {
			fmt.Fprintf(&b, "  call %q {\n    timeout = \"%dms\"\n", name(t), 100+rng.IntN(900))
			if retries := rng.IntN(3); retries > 0 {
				fmt.Fprintf(&b, "    retries = %d\n    backoff = \"exponential\"\n    jitter = true\n    idempotent = true\n", retries)
			}
			if kindOf[t] == "external" {
				fmt.Fprintf(&b, "    circuit_breaker = true\n")
			}
			switch r := rng.IntN(20); {
			case r == 0 && t+1 < n:
				fmt.Fprintf(&b, "    fallback = %q\n", name(t+1+rng.IntN(min(n-t-1, 10))))
			case r <= 2:
				fmt.Fprintf(&b, "    required = false\n")
			}
			fmt.Fprintf(&b, "  }\n")
		}
		fmt.Fprintf(&b, "}\n\n")
	}
	for j := range min(Journeys, n) {
		fmt.Fprintf(&b, "journey \"j%d\" {\n  entry   = %q\n  slo     = \"99.9%%\"\n  timeout = \"30s\"\n}\n\n", j, name(j))
	}
	return []byte(b.String())
}
