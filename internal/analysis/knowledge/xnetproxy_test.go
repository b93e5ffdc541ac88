package knowledge_test

import (
	"path/filepath"
	"testing"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// TestForwardersInStub fails when the proxy table names a function the
// stub of its library does not declare.
func TestForwardersInStub(t *testing.T) {
	for _, f := range knowledge.Forwarders {
		funcs, _ := declared(t, filepath.Join("testdata", "stubs", filepath.FromSlash(f.Path)))
		if !funcs[f.Name] {
			t.Errorf("Forwarders names %s.%s, which the stub does not declare", f.Path, f.Name)
		}
	}
}
