package config_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/driver/config"
)

// FuzzLoad feeds the configuration loader arbitrary files: it must return a
// configuration or an ErrorList whose every error names the file and a
// position in it, never panic, hang or recurse without bound. The seeds in
// testdata/fuzz/FuzzLoad run with go test; a longer run is
//
//	go test ./internal/driver/config -run '^$' -fuzz FuzzLoad -fuzztime 10m
func FuzzLoad(f *testing.F) {
	sampleSrc, err := os.ReadFile(sample)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sampleSrc)
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := config.Parse(".nines.hcl", src, config.Options{})
		if err != nil {
			var list config.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error is not an ErrorList: %v", err)
			}
			if len(list) == 0 {
				t.Fatal("empty ErrorList")
			}
			lines := strings.Count(string(src), "\n") + 1
			for _, e := range list {
				if e.Pos.File != ".nines.hcl" || e.Pos.Line < 0 || e.Pos.Line > lines+1 || e.Message == "" {
					t.Fatalf("error without a usable position or message: %q", e.Error())
				}
			}
			return
		}
		// Every accessor works on whatever was accepted.
		c.PolicyConfig()
		c.PolicyDirs()
		c.TopologyGlobs()
		c.Exceptions()
		c.Excluded("/work/x/y.go", "retrybound")
		c.Excluded("y.go", "")
		c.Rule("retry/excessive")
		c.Analyzer("retrybound")
		for _, e := range c.Exceptions() {
			if strings.TrimSpace(e.Reason) == "" {
				t.Fatalf("exception at %s accepted without a reason", e.Pos)
			}
		}
	})
}
