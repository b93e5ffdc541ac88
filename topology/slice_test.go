package topology

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nines-dev/nines/rules"
	"github.com/nines-dev/nines/topology/policy"
	"github.com/nines-dev/nines/topology/topogen"
)

// sameFindingsSliced evaluates the built-in rules on the whole facts
// document and on the documents Slice cuts it into, for several part
// sizes, and fails unless the findings are identical. It returns them.
func sameFindingsSliced(t *testing.T, name string, m *Model) []policy.Finding {
	t.Helper()
	facts := BuildFacts(Analyze(m))
	ctx := context.Background()
	whole, err := policy.Evaluate(ctx, facts, policy.Options{})
	if err != nil {
		t.Fatalf("%s: whole document: %v", name, err)
	}
	for _, size := range []int{1, 2, 5, PartComponents} {
		sliced, err := policy.Evaluate(ctx, facts.Slice(size), policy.Options{})
		if err != nil {
			t.Fatalf("%s: parts of %d components: %v", name, size, err)
		}
		if !slices.Equal(whole, sliced) {
			t.Fatalf("%s: parts of %d components give other findings than the whole document:\nwhole:  %v\nsliced: %v", name, size, whole, sliced)
		}
	}
	return whole
}

// overlay matches a file with a top-level component block.
var overlay = regexp.MustCompile(`(?m)^component "`)

// TestSlicedEvaluationGivesTheSameFindings: the findings of the sliced
// evaluation Check uses equal those of the whole document, on every
// example topology, on random topologies built to set off every rule,
// and on topogen's.
func TestSlicedEvaluationGivesTheSameFindings(t *testing.T) {
	fired := map[string]int{}
	dirs, err := filepath.Glob("../testdata/topology/*/*.nines.hcl")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no example topologies: %v", err)
	}
	for _, path := range dirs {
		if strings.Contains(path, "/invalid/") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if overlay.Match(src) {
			// An overlay amends components read from Compose, Terraform or
			// Kubernetes files, and loads only with them (imported_test.go
			// and the readers' tests check those).
			continue
		}
		for _, f := range sameFindingsSliced(t, path, mustLoad(t, string(src))) {
			fired[f.Rule]++
		}
	}
	// Zones no component lists: the parts carry only the zones the rules
	// can read (the first one, so that the topology still models zones).
	for name, src := range map[string]string{
		"zones no component lists": `zone "b" {}
zone "a" {
  availability = "99.9%"
}
service "api" {
  instances = 2
}
journey "j" {
  entry = "api"
  slo = "99.9%"
}
`,
		"zones some components list": `zone "a" {}
zone "b" {
  availability = "99%"
}
zone "unused" {}
service "api" {
  instances = 2
  zones = ["b"]
}
database "db" {
  instances = 2
}
service "web" {
  instances = 1
  call "api" {}
  call "db" {}
}
journey "j" {
  entry = "web"
  slo = "99.99%"
}
`,
	} {
		for _, f := range sameFindingsSliced(t, name, mustLoad(t, src)) {
			fired[f.Rule]++
		}
	}
	rng := rand.New(rand.NewPCG(15, 12))
	for trial := range 60 {
		src := randomPolicyTopology(rng)
		for _, f := range sameFindingsSliced(t, fmt.Sprintf("random topology %d:\n%s", trial, src), mustLoad(t, src)) {
			fired[f.Rule]++
		}
	}
	for _, n := range []int{500, 3000} {
		m, err := LoadBytes("gen.nines.hcl", topogen.Generate(n, 2), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range sameFindingsSliced(t, fmt.Sprintf("topogen %d", n), m) {
			fired[f.Rule]++
		}
	}
	// The comparison means something only for the rules that fired.
	var silent []string
	for _, r := range rules.MustAll() {
		if fired[r.ID] == 0 {
			silent = append(silent, r.ID)
		}
	}
	if len(silent) > 0 {
		t.Errorf("rules that never fired, so the comparison says nothing about them: %v", silent)
	}
	t.Logf("findings compared by rule: %v", fired)
}

// randomPolicyTopology is a small topology with a random mix of what the
// rules look at: retries, backoff, timeouts, latencies, consistency,
// replication, recovery objectives, sessions, vendors, zones and journeys
// with high and low slos.
func randomPolicyTopology(rng *rand.Rand) string {
	var b strings.Builder
	nz := rng.IntN(4)
	for z := range nz {
		fmt.Fprintf(&b, "zone \"z%d\" {\n  availability = \"%.2f%%\"\n}\n", z, 99+rng.Float64())
	}
	n := 4 + rng.IntN(8)
	kinds := []string{"service", "service", "database", "cache", "queue", "external", "load_balancer"}
	kind := make([]string, n)
	for i := range n {
		kind[i] = kinds[rng.IntN(len(kinds))]
		if i == 0 {
			kind[i] = "load_balancer"
		}
	}
	pick := func(opts ...string) string { return opts[rng.IntN(len(opts))] }
	for i := range n {
		fmt.Fprintf(&b, "%s \"c%d\" {\n", kind[i], i)
		fmt.Fprintf(&b, "  availability = \"%s\"\n", pick("99%", "99.9%", "99.95%", "99.99%"))
		if kind[i] != "external" {
			inst := 1 + rng.IntN(4)
			fmt.Fprintf(&b, "  instances = %d\n", inst)
			if nz > 0 && rng.IntN(3) != 0 {
				var zs []string
				for _, z := range rng.Perm(nz)[:1+rng.IntN(nz)] {
					zs = append(zs, fmt.Sprintf("\"z%d\"", z))
				}
				fmt.Fprintf(&b, "  zones = [%s]\n", strings.Join(zs, ", "))
			}
			if rng.IntN(3) == 0 {
				fmt.Fprintf(&b, "  min_healthy = %d\n", 1+rng.IntN(inst))
			}
			if rng.IntN(4) == 0 {
				fmt.Fprintf(&b, "  mode = \"active-passive\"\n  failover = \"%s\"\n  failover_time = \"%s\"\n", pick("automatic", "manual"), pick("30s", "5m", "2h"))
			}
			if kind[i] == "service" && rng.IntN(3) == 0 {
				b.WriteString("  stateless = false\n")
				if rng.IntN(2) == 0 && i+1 < n {
					fmt.Fprintf(&b, "  session_store = \"c%d\"\n", n-1)
				}
			}
			if rng.IntN(3) == 0 {
				fmt.Fprintf(&b, "  replication = \"%s\"\n  replication_lag = \"%s\"\n  rpo = \"%s\"\n  rto = \"%s\"\n",
					pick("async", "sync", "none"), pick("1s", "1m"), pick("10s", "1h"), pick("30s", "2h"))
			}
		}
		if rng.IntN(2) == 0 {
			fmt.Fprintf(&b, "  latency_p99 = \"%s\"\n", pick("50ms", "200ms", "1s"))
		}
		if rng.IntN(3) == 0 {
			fmt.Fprintf(&b, "  consistency = \"%s\"\n", pick("strong", "eventual"))
		}
		for to := i + 1; to < n && kind[i] != "external"; to++ {
			if rng.IntN(3) == 0 {
				continue
			}
			fmt.Fprintf(&b, "  call \"c%d\" {\n", to)
			if rng.IntN(4) != 0 {
				fmt.Fprintf(&b, "    timeout = \"%s\"\n", pick("20ms", "100ms", "300ms", "2s", "10s"))
			}
			if r := rng.IntN(5); r > 0 {
				fmt.Fprintf(&b, "    retries = %d\n", []int{-1, 1, 3, 8}[r-1])
				fmt.Fprintf(&b, "    backoff = \"%s\"\n    jitter = %v\n", pick("none", "constant", "exponential"), rng.IntN(2) == 0)
				fmt.Fprintf(&b, "    idempotent = %v\n    idempotency_key = %v\n", rng.IntN(2) == 0, rng.IntN(3) == 0)
			}
			if rng.IntN(2) == 0 {
				b.WriteString("    circuit_breaker = true\n")
			}
			if fb := to + 1 + rng.IntN(n); fb < n && rng.IntN(3) == 0 {
				fmt.Fprintf(&b, "    fallback = \"c%d\"\n", fb)
			}
			if rng.IntN(6) == 0 {
				b.WriteString("    required = false\n")
			}
			if rng.IntN(4) == 0 {
				fmt.Fprintf(&b, "    consistency = \"%s\"\n", pick("strong", "eventual"))
			}
			b.WriteString("  }\n")
		}
		b.WriteString("}\n")
	}
	for j := range 1 + rng.IntN(3) {
		fmt.Fprintf(&b, "journey \"j%d\" {\n  entry = \"c%d\"\n  slo = \"%s\"\n  timeout = \"%s\"\n}\n", j, rng.IntN(min(n, 3)), pick("90%", "99%", "99.9%", "99.99%"), pick("1s", "5s", "30s"))
	}
	return b.String()
}
