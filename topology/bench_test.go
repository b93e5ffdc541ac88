package topology_test

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/topogen"
)

// BenchmarkLoad, BenchmarkAnalyze and BenchmarkCheck time the phases of
// nines topo on generated topologies of n components and 3n calls.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := topogen.Generate(n, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := topology.LoadBytes("gen.nines.hcl", src, topology.Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		m, err := topology.LoadBytes("gen.nines.hcl", topogen.Generate(n, 1), topology.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				topology.BuildFacts(topology.Analyze(m))
			}
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		fsys := fstest.MapFS{"gen.nines.hcl": {Data: topogen.Generate(n, 1)}}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := topology.Check(context.Background(), fsys, []string{"gen.nines.hcl"}, topology.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
