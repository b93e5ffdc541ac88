// Package topogen generates large synthetic topologies for benchmarks: n
// components in eight layers over three zones (load balancers at the top,
// services in between, data stores and vendors at the bottom) and 3n
// calls, each from one layer to a deeper one, with timeouts that shrink
// layer by layer, bounded jittered retries, fallbacks and circuit breakers
// for vendors, and a handful of journeys entering at the top. Like a
// system that has been reviewed, it draws few findings, so a benchmark
// measures the check rather than the printing of thousands of findings.
package topogen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Journeys is how many journeys a generated topology has, whatever its size.
const Journeys = 5

// Layers is the depth of the generated call graph.
const Layers = 8

// Generate returns the HCL of a topology with n components and 3n calls.
// The same n and seed give the same bytes.
func Generate(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var b strings.Builder
	zones := []string{"zone-a", "zone-b", "zone-c"}
	for _, z := range zones {
		fmt.Fprintf(&b, "zone %q {\n  availability = \"99.99%%\"\n}\n\n", z)
	}
	// layer[i] of component i; components of a layer are contiguous.
	layer := make([]int, n)
	first := make([]int, Layers+1) // first component of each layer
	for l := range Layers + 1 {
		first[l] = l * n / Layers
	}
	for l := range Layers {
		for i := first[l]; i < first[l+1]; i++ {
			layer[i] = l
		}
	}
	kindOf := make([]string, n)
	for i := range n {
		switch l := layer[i]; {
		case l == 0:
			kindOf[i] = "load_balancer"
		case l < Layers-1:
			kindOf[i] = "service"
		default:
			kindOf[i] = []string{"database", "cache", "queue", "external"}[rng.IntN(4)]
		}
	}
	// inbound[l] is the timeout of calls into layer l: each layer has a
	// third of the time of the one above, so two retries still fit.
	inbound := func(l int) float64 { return 30 / math.Pow(3, float64(l+1)) }
	name := func(i int) string { return fmt.Sprintf("c%05d", i) }
	// 3n calls spread over every component above the bottom layer.
	callers := first[Layers-1]
	calls := make([]int, n)
	for k := range 3 * n {
		if callers > 0 {
			calls[k%callers]++
		}
	}
	for i := range n {
		l := layer[i]
		fmt.Fprintf(&b, "%s %q {\n", kindOf[i], name(i))
		if kindOf[i] == "external" {
			fmt.Fprintf(&b, "  availability = \"99.95%%\"\n")
		} else {
			fmt.Fprintf(&b, "  instances = %d\n  zones = [%q, %q, %q]\n", 2+rng.IntN(3), zones[i%3], zones[(i+1)%3], zones[(i+2)%3])
		}
		fmt.Fprintf(&b, "  latency_p99 = \"%.3fms\"\n", inbound(l)*1000/3)
		if kindOf[i] == "database" {
			fmt.Fprintf(&b, "  mode = \"active-passive\"\n  replication = \"sync\"\n")
		}
		seen := map[int]bool{}
		reachable := 0
		if l+1 < Layers {
			reachable = first[min(l+3, Layers)] - first[l+1]
			if l+2 >= Layers {
				reachable = first[l+2] - first[l+1]
			}
		}
		for len(seen) < min(calls[i], reachable) {
			// Mostly the next layer, sometimes one further down.
			tl := l + 1
			if tl+1 < Layers && rng.IntN(5) == 0 {
				tl++
			}
			size := first[tl+1] - first[tl]
			t := first[tl] + rng.IntN(size)
			if seen[t] {
				continue
			}
			seen[t] = true
			retries := rng.IntN(3)
			fmt.Fprintf(&b, "  call %q {\n    timeout = \"%.3fms\"\n", name(t), inbound(tl)*1000)
			if retries > 0 {
				fmt.Fprintf(&b, "    retries = %d\n    backoff = \"exponential\"\n    jitter = true\n    idempotent = true\n", retries)
			}
			switch {
			case kindOf[t] == "external":
				fb := first[tl] + rng.IntN(size)
				if fb != t {
					fmt.Fprintf(&b, "    circuit_breaker = true\n    fallback = %q\n", name(fb))
				} else {
					fmt.Fprintf(&b, "    circuit_breaker = true\n    required = false\n")
				}
			case rng.IntN(10) == 0:
				fmt.Fprintf(&b, "    required = false\n")
			}
			fmt.Fprintf(&b, "  }\n")
		}
		fmt.Fprintf(&b, "}\n\n")
	}
	for j := range min(Journeys, first[1]) {
		fmt.Fprintf(&b, "journey \"j%d\" {\n  entry = %q\n  slo = \"99.9%%\"\n  timeout = \"30s\"\n}\n\n", j, name(j))
	}
	return []byte(b.String())
}
