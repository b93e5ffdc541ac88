package topology

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader, as HCL and as HCL's JSON
// syntax: it must return a model or an ErrorList, never panic, and a
// model must analyse into facts that encode as JSON. The seed corpus (the
// examples, the invalid fixtures and testdata/fuzz/FuzzLoad) runs in every
// go test.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("../testdata/topology/*/*")
	for _, p := range files {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src, filepath.Ext(p) == ".json")
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, asJSON bool) {
		name := "fuzz.nines.hcl"
		if asJSON {
			name = "fuzz.nines.json"
		}
		m, err := LoadBytes(name, src, Limits{MaxFileBytes: 1 << 20, MaxBlocks: 2000})
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			for _, e := range list {
				if e.Pos.File != name || e.Message == "" {
					t.Fatalf("error without a position or message: %#v", e)
				}
			}
			return
		}
		an := Analyze(m)
		for _, j := range an.Journeys {
			if !(j.Availability >= 0 && j.Availability <= 1) {
				t.Fatalf("journey %s availability %v", j.Journey.Name, j.Availability)
			}
		}
		if _, err := json.Marshal(BuildFacts(an)); err != nil {
			t.Fatalf("facts do not encode: %v", err)
		}
		instances := 0
		for _, c := range m.Components {
			instances += c.Instances
		}
		if instances <= 10_000 { // sampling costs a draw per instance per trial
			Simulate(m, 10, 1)
		}
	})
}
