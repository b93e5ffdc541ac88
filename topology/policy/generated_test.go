//go:build !ninesplan

package policy_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/policy"
	"github.com/nines-dev/nines/topology/topogen"
)

// generatedFacts builds the facts of topogen's topology of n components and
// 3n calls, the one `nines topo` is benchmarked on.
func generatedFacts(tb testing.TB, n int) *topology.Facts {
	m, err := topology.LoadBytes("gen.nines.hcl", topogen.Generate(n, 1), topology.Limits{})
	if err != nil {
		tb.Fatal(err)
	}
	return topology.BuildFacts(topology.Analyze(m))
}

// TestGeneratedTopology evaluates the rules on topogen's topologies of 1,000
// and 10,000 components and logs the time the policies take.
func TestGeneratedTopology(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates 10,000 components")
	}
	ctx := context.Background()
	var cpu1k time.Duration
	for _, n := range []int{1000, 10000} {
		facts := generatedFacts(t, n)
		wall, cpu := time.Duration(1<<62), time.Duration(1<<62)
		var found []policy.Finding
		for range 3 {
			start, startCPU := time.Now(), cpuTime()
			f, err := policy.Evaluate(ctx, facts, policy.Options{Timeout: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			wall, cpu = min(wall, time.Since(start)), min(cpu, cpuTime()-startCPU)
			found = f
		}
		t.Logf("topogen %d components / %d calls: %s (%s CPU), %d findings", n, len(facts.Calls), wall, cpu, len(found))
		if n == 1000 {
			cpu1k = cpu
		} else {
			t.Logf("10x the components cost %.1fx the CPU (budgets are checked by topobench)", float64(cpu)/float64(cpu1k))
		}
	}
}

func BenchmarkEvaluateGenerated(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		facts := generatedFacts(b, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := policy.Evaluate(context.Background(), facts, policy.Options{Timeout: time.Minute}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
