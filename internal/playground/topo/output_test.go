package topo

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/driver/cli"
	"github.com/nines-dev/nines/internal/playground"
)

// TestOutputEqualsTheCLIs prints topologies as the Topology tab's "Copy as"
// buttons do and compares each format byte for byte with what nines topo
// prints on the same files in a directory, with the demo policy given as
// -policy and without a policy.
func TestOutputEqualsTheCLIs(t *testing.T) {
	cases := map[string]string{
		"naive-shop":      "../../../testdata/topology/naive-shop/shop.nines.hcl",
		"retry-storm":     "../../../testdata/topology/retry-storm/storm.nines.hcl",
		"single-instance": "../../../rules/spof/single-instance/example_bad.nines.hcl",
	}
	for name, file := range cases {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		files := []playground.File{{Name: filepath.Base(file), Content: string(src)}}
		for _, withPolicy := range []bool{true, false} {
			req := Request{Files: files}
			if withPolicy {
				req.Policies = []playground.File{{Name: DemoPolicyName, Content: DemoPolicy}}
			}
			got, err := Output(context.Background(), req)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !strings.Contains(got.Text, "(") {
				t.Errorf("%s: no finding in the text output:\n%s", name, got.Text)
			}
			topo := topoDir(t, req)
			for _, c := range []struct{ format, got string }{{"text", got.Text}, {"json", got.JSON}, {"sarif", got.SARIF}} {
				if want := topo("-format", c.format); c.got != want {
					t.Errorf("%s (policy %v) %s: the playground prints\n%s\nnines topo prints\n%s", name, withPolicy, c.format, c.got, want)
				}
			}
		}
	}
}

// topoDir writes the request's files, its policies below PolicyDir, and
// returns a function that runs nines topo there with the given flags (and
// -policy when there are policies).
func topoDir(t *testing.T, req Request) func(args ...string) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range req.Files {
		write(f.Name, f.Content)
	}
	var base []string
	for _, p := range req.Policies {
		write(PolicyDir+"/"+p.Name, p.Content)
	}
	if len(req.Policies) > 0 {
		base = append(base, "-policy", PolicyDir)
	}
	return func(args ...string) string {
		t.Helper()
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chdir(dir); err != nil {
			t.Fatal(err)
		}
		defer os.Chdir(wd)
		var stdout, stderr bytes.Buffer
		code := cli.Main(append(append([]string{"topo", "-config", "none"}, base...), args...), strings.NewReader(""), &stdout, &stderr)
		if code != cli.ExitClean && code != cli.ExitFindings {
			t.Fatalf("nines topo exited %d: %s", code, stderr.String())
		}
		return stdout.String()
	}
}
