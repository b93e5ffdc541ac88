package topogen

import (
	"bytes"
	"testing"

	"github.com/nines-dev/nines/topology"
)

func TestGenerateIsAValidTopologyOfTheAskedSize(t *testing.T) {
	for _, n := range []int{3, 10, 1000} {
		src := Generate(n, 1)
		m, err := topology.LoadBytes("gen.nines.hcl", src, topology.Limits{})
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if len(m.Components) != n || len(m.Calls) > 3*n || n >= 1000 && len(m.Calls) != 3*n {
			t.Errorf("n=%d: %d components, %d calls; want %d and %d", n, len(m.Components), len(m.Calls), n, 3*n)
		}
		if len(m.Journeys) != min(Journeys, n/Layers) {
			t.Errorf("n=%d: %d journeys", n, len(m.Journeys))
		}
		if !bytes.Equal(src, Generate(n, 1)) {
			t.Errorf("n=%d: not deterministic", n)
		}
	}
}
