//go:build !ninesplan

package rules

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite metadata.json")

// TestMetadataCurrent fails when metadata.json, what the ninesplan build
// knows of the rules, differs from what OPA's parser reads in them; -update
// rewrites it.
func TestMetadataCurrent(t *testing.T) {
	srcs, err := Policies()
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]packageMeta{}
	for _, src := range srcs {
		if src.Path[:4] == "lib/" {
			continue
		}
		m, err := readPackageMeta(src)
		if err != nil {
			t.Fatal(err)
		}
		all[src.Path] = m
	}
	got, err := json.MarshalIndent(all, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile("metadata.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("metadata.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("metadata.json is stale: run go test ./rules -run TestMetadataCurrent -update")
	}
}
