// End-to-end tests of nines topo and nines check over the examples in
// testdata/topology, against the golden outputs there.
package cli_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/driver/cli"
	"github.com/nines-dev/nines/internal/testsupport/sariftest"
	"github.com/nines-dev/nines/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/topology/golden")

// The tests run nines from the repository root; paths are absolute.
var (
	repoRoot, _  = filepath.Abs(filepath.Join("..", "..", ".."))
	goldenDir, _ = filepath.Abs(filepath.Join("..", "..", "..", "testdata", "topology", "golden"))
)

// run calls nines from the repository root, as a user would.
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Chdir(repoRoot)
	var out, errb bytes.Buffer
	code = cli.Main(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestGoldenExamples(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
		code   int
	}{
		{"naive-shop.txt", []string{"topo", "testdata/topology/naive-shop"}, 1},
		{"naive-shop.json", []string{"topo", "-format", "json", "testdata/topology/naive-shop"}, 1},
		{"naive-shop.github", []string{"topo", "--format", "github", "testdata/topology/naive-shop"}, 1},
		{"naive-shop.sarif", []string{"topo", "--format", "sarif", "testdata/topology/naive-shop"}, 1},
		{"naive-shop.dot", []string{"topo", "--graph", "dot", "testdata/topology/naive-shop"}, 1},
		{"naive-shop-simulated.txt", []string{"topo", "--simulate", "20000", "--seed", "7", "testdata/topology/naive-shop"}, 1},
		{"reviewed-shop.txt", []string{"topo", "testdata/topology/reviewed-shop"}, 0},
		{"reviewed-shop.json", []string{"topo", "-format", "json", "testdata/topology/reviewed-shop"}, 0},
		{"retry-storm.txt", []string{"topo", "testdata/topology/retry-storm"}, 1},
		{"k8s-shop.txt", []string{"topo", "testdata/topology/k8s-shop"}, 1},
		{"retry-storm.json", []string{"topo", "-format", "json", "testdata/topology/retry-storm"}, 1},
		{"data-placement.txt", []string{"topo", "testdata/topology/data-placement"}, 1},
		{"data-placement.json", []string{"topo", "-format", "json", "testdata/topology/data-placement"}, 1},
		{"data-placement-policy.txt", []string{"topo", "--policy", "testdata/topology/policies/owners", "testdata/topology/data-placement"}, 1},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			stdout, stderr, code := run(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if stderr != "" {
				t.Errorf("unexpected stderr:\n%s", stderr)
			}
			golden(t, tc.golden, stdout)
		})
	}
}

func TestGoldenInvalid(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(repoRoot, "testdata/topology/invalid/*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no invalid fixtures: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			stdout, stderr, code := run(t, "topo", "testdata/topology/invalid/"+name)
			if code != cli.ExitError {
				t.Errorf("exit code %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("an invalid topology must not be evaluated, got:\n%s", stdout)
			}
			for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if !strings.HasPrefix(line, "testdata/topology/invalid/"+name+":") {
					t.Errorf("error line %q does not start with the file's position", line)
				}
			}
			golden(t, "invalid-"+name+".txt", stderr)
		})
	}
}

func TestTopoJSONShape(t *testing.T) {
	stdout, _, _ := run(t, "topo", "-format", "json", "testdata/topology/naive-shop")
	var doc struct {
		Findings []map[string]any `json:"findings"`
		Journeys []map[string]any `json:"journeys"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		for _, k := range []string{"rule", "severity", "message", "subject", "file", "line", "column"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding without %q: %v", k, f)
			}
		}
	}
	for _, j := range doc.Journeys {
		for _, k := range []string{"name", "entry", "slo", "availability", "meets_slo", "window", "downtime_minutes", "error_budget_minutes", "contributors"} {
			if _, ok := j[k]; !ok {
				t.Errorf("journey without %q: %v", k, j)
			}
		}
	}
	if len(doc.Findings) == 0 || len(doc.Journeys) != 1 {
		t.Errorf("got %d findings, %d journeys", len(doc.Findings), len(doc.Journeys))
	}
}

func TestTopoFailOnAndSettings(t *testing.T) {
	dir := t.TempDir()
	src := `
zone "a" {
  availability = "99.99%"
}
service "web" {
  instances = 2
  zones     = ["a"]
}
journey "home" {
  entry = "web"
  slo   = "99%"
}
`
	if err := os.WriteFile(filepath.Join(dir, "nines.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, code := run(t, "topo", dir)
	if code != cli.ExitClean || !strings.Contains(stdout, "(spof/single-zone)") {
		t.Errorf("warnings only: exit %d, want 0; output:\n%s", code, stdout)
	}
	if _, _, code := run(t, "topo", "--fail-on", "warning", dir); code != cli.ExitFindings {
		t.Errorf("--fail-on warning: exit %d, want 1", code)
	}
	stdout, _, _ = run(t, "topo", "--set", "amplification_limit=100", "testdata/topology/retry-storm")
	if strings.Contains(stdout, "retry/amplification") || !strings.Contains(stdout, "timeout/budget-exceeded") {
		t.Errorf("--set amplification_limit=100 left the amplification finding:\n%s", stdout)
	}
	for _, args := range [][]string{
		{"topo", "--format", "xml", dir},
		{"topo", "--fail-on", "info", dir},
		{"topo", "--graph", "svg", dir},
		{"topo", "--set", "nokey", dir},
		{"topo", "--policy", filepath.Join(dir, "missing"), dir},
		{"topo", t.TempDir()},
		{"topo", filepath.Join(dir, "missing.nines.hcl")},
	} {
		if _, stderr, code := run(t, args...); code != cli.ExitError || stderr == "" {
			t.Errorf("%v: exit %d with stderr %q, want 2 and a message", args, code, stderr)
		}
	}
}

func TestTopoRefusesA50MBFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.nines.hcl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: 50 MB to stat, nothing written.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, stderr, code := run(t, "topo", path)
	want := path + ": file is 52428800 bytes, over the limit of 10485760 bytes for one topology file\n"
	if code != cli.ExitError || stderr != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
}

func TestCheckRunsTopologyOutsideGoModules(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(repoRoot, "testdata/topology/naive-shop/shop.nines.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shop.nines.hcl"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "check", dir)
	if code != cli.ExitFindings || !strings.Contains(stdout, "(spof/single-instance)") {
		t.Errorf("exit %d, want 1 with topology findings; stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if _, _, code := run(t, "check", "--format", "json", dir); code != cli.ExitError {
		t.Errorf("check --format json: exit %d, want 2", code)
	}
}

// nines check takes package patterns as nines vet does: ./... vets the
// module's packages and checks the topology below the directory.
func TestCheckPackagePatterns(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(repoRoot, "testdata/topology/naive-shop/shop.nines.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod":                "module example.com/shop\n\ngo 1.26\n",
		"fetch/fetch.go":        "package fetch\n\nimport \"net/http\"\n\nfunc Get(u string) (*http.Response, error) { return http.Get(u) }\n",
		"deploy/shop.nines.hcl": string(src),
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inDir := func(args ...string) (string, string, int) {
		t.Chdir(dir)
		var out, errb bytes.Buffer
		code := cli.Main(args, strings.NewReader(""), &out, &errb)
		return out.String(), errb.String(), code
	}
	stdout, stderr, code := inDir("check", "./...")
	if code != cli.ExitFindings || !strings.Contains(stdout, "(httpclienttimeout)") || !strings.Contains(stdout, "(spof/single-instance)") {
		t.Errorf("check ./...: exit %d, want 1 with Go and topology findings; stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if _, stderr, code := inDir("check", "./nosuch/..."); code != cli.ExitError || !strings.Contains(stderr, "nosuch") {
		t.Errorf("check ./nosuch/...: exit %d, stderr %q; want 2 naming the directory", code, stderr)
	}
}

func TestExceptions(t *testing.T) {
	dir := t.TempDir()
	src := `
service "web" {}
journey "home" {
  entry = "web"
  slo   = "99%"
}
exception {
  rule    = "spof/single-instance"
  subject = "web"
  reason  = "a cold standby is started by hand; accepted for the beta"
}
exception {
  rule    = "spof/single-zone"
  subject = "wbe"
  reason  = "typo"
}
`
	if err := os.WriteFile(filepath.Join(dir, "x.nines.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, code := run(t, "topo", dir)
	if code != cli.ExitClean {
		t.Errorf("the only error is waived: exit %d, want 0\n%s", code, stdout)
	}
	for _, want := range []string{
		"0 errors, 0 warnings, 1 waived by exceptions",
		"x.nines.hcl:2:1: web (spof/single-instance): a cold standby is started by hand; accepted for the beta",
		`x.nines.hcl:12:1: note: exception for spof/single-zone on "wbe" waives nothing`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, _ = run(t, "topo", "--format", "sarif", dir)
	if !strings.Contains(stdout, `"justification": "a cold standby is started by hand; accepted for the beta"`) {
		t.Errorf("SARIF lacks the suppression:\n%s", stdout)
	}
}

// TestGoldensCoverEveryRule keeps the examples honest: every built-in
// rule fires somewhere in them, and the reviewed shop draws nothing.
func TestGoldensCoverEveryRule(t *testing.T) {
	all, err := rules.All()
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text.Write(b)
	}
	for _, r := range all {
		if !strings.Contains(text.String(), "("+r.ID+")") {
			t.Errorf("no example in testdata/topology makes %s fire", r.ID)
		}
	}
	clean, err := os.ReadFile(filepath.Join(goldenDir, "reviewed-shop.txt"))
	if err != nil || !strings.HasPrefix(string(clean), "0 errors, 0 warnings\n") {
		t.Errorf("the reviewed shop must be clean:\n%s", clean)
	}
}

func TestFlagsAfterPaths(t *testing.T) {
	a, _, codeA := run(t, "topo", "testdata/topology/retry-storm", "--format", "json")
	b, _, codeB := run(t, "topo", "--format", "json", "testdata/topology/retry-storm")
	if a != b || codeA != codeB || !strings.HasPrefix(a, "{") {
		t.Errorf("flags after the paths are not honoured: exit %d vs %d\n%s", codeA, codeB, a)
	}
}

// TestTopoPathsFromSubdirectory: SARIF and annotations name files relative
// to the repository root wherever nines runs (a CI step with a
// working-directory), text relative to the current directory.
func TestTopoPathsFromSubdirectory(t *testing.T) {
	sub := filepath.Join(repoRoot, "testdata", "topology")
	for _, tc := range []struct{ format, golden string }{
		{"github", "naive-shop.github"},
		{"sarif", "naive-shop.sarif"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			t.Chdir(sub)
			var out, errb bytes.Buffer
			code := cli.Main([]string{"topo", "-format", tc.format, "naive-shop"}, strings.NewReader(""), &out, &errb)
			if code != cli.ExitFindings {
				t.Errorf("exit code %d, want 1; stderr:\n%s", code, errb.String())
			}
			want, err := os.ReadFile(filepath.Join(goldenDir, tc.golden))
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != string(want) {
				t.Errorf("from testdata/topology the output differs from %s, which runs from the root:\n%s", tc.golden, out.String())
			}
		})
	}
	t.Chdir(sub)
	var out bytes.Buffer
	cli.Main([]string{"topo", "naive-shop"}, strings.NewReader(""), &out, &bytes.Buffer{})
	if !strings.HasPrefix(out.String(), "naive-shop/shop.nines.hcl:8:1: error: ") {
		t.Errorf("text names files as given on the command line:\n%s", out.String())
	}
}

// TestTopoGitHubSeverities: an error finding is an ::error annotation, a
// warning a ::warning, as SARIF's levels have them.
func TestTopoGitHubSeverities(t *testing.T) {
	js, _, _ := run(t, "topo", "-format", "json", "testdata/topology/naive-shop")
	var doc struct {
		Findings []struct{ Rule, Severity string }
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	gh, _, _ := run(t, "topo", "-format", "github", "testdata/topology/naive-shop")
	lines := strings.Split(strings.TrimSpace(gh), "\n")
	if len(lines) != len(doc.Findings) {
		t.Fatalf("%d annotations for %d findings", len(lines), len(doc.Findings))
	}
	levels := map[string]int{}
	for i, f := range doc.Findings {
		levels[f.Severity]++
		if want := "::" + f.Severity + " "; !strings.HasPrefix(lines[i], want) || !strings.Contains(lines[i], ",title="+f.Rule+"::") {
			t.Errorf("finding %d (%s, %s) is annotated %q", i, f.Rule, f.Severity, lines[i])
		}
	}
	if levels["error"] == 0 || levels["warning"] == 0 {
		t.Errorf("the example should have both severities: %v", levels)
	}
}

// TestTopoEscapesNames: a component name holding a newline and an ESC
// must not print a forged workflow command or a terminal escape.
func TestTopoEscapesNames(t *testing.T) {
	dir := t.TempDir()
	src := `service "web\n::error file=x.go,line=1::forged\u001b[2J" {}
journey "home" {
  entry = "web\n::error file=x.go,line=1::forged\u001b[2J"
  slo   = "99%"
}
`
	if err := os.WriteFile(filepath.Join(dir, "x.nines.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "github"} {
		stdout, stderr, _ := run(t, "topo", "-format", format, dir)
		for _, line := range strings.Split(stdout, "\n") {
			if strings.HasPrefix(line, "::error file=x.go") || strings.Contains(line, "\x1b") {
				t.Errorf("%s: forged or raw line %q in:\n%s%s", format, line, stdout, stderr)
			}
		}
		if format == "text" && !strings.Contains(stdout, `home     web\n::error file=x.go,line=1::forged\x1b[2J  99.900%`) {
			t.Errorf("text: the journeys table does not show the escaped entry:\n%s", stdout)
		}
	}
}

// checkMix returns a Go module with a finding of the analyzers and a
// topology with findings of the rules, in a repository whose root is its
// parent, and an empty subdirectory sub.
func checkMix(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	shop, err := os.ReadFile(filepath.Join(repoRoot, "testdata/topology/naive-shop/shop.nines.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		".git/HEAD":           "ref: refs/heads/main\n",
		"svc/go.mod":          "module example.com/svc\n\ngo 1.26\n",
		"svc/client.go":       "package svc\n\nimport \"net/http\"\n\nfunc Get(u string) (*http.Response, error) { return http.Get(u) }\n",
		"svc/shop.nines.hcl":  string(shop),
		"svc/sub/placeholder": "",
	} {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(root, "svc")
}

// TestCheckSARIF: nines check -format sarif writes one valid log with a
// run per tool, told apart by automationDetails.id, paths relative to the
// repository root even from a subdirectory.
func TestCheckSARIF(t *testing.T) {
	module := checkMix(t)
	t.Chdir(filepath.Join(module, "sub"))
	var out, errb bytes.Buffer
	code := cli.Main([]string{"check", "-format", "sarif", ".."}, strings.NewReader(""), &out, &errb)
	if code != cli.ExitFindings {
		t.Errorf("exit code %d, want 1; stderr:\n%s", code, errb.String())
	}
	if err := sariftest.Validate(out.Bytes()); err != nil {
		t.Fatalf("invalid SARIF: %v\n%s", err, out.String())
	}
	var log struct {
		Runs []struct {
			AutomationDetails struct{ ID string }
			Results           []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 2 {
		t.Fatalf("%d runs, want 2 (analyzers, topology)", len(log.Runs))
	}
	for i, want := range []struct{ id, uri string }{{"nines/vet/", "svc/client.go"}, {"nines/topo/", "svc/shop.nines.hcl"}} {
		r := log.Runs[i]
		if r.AutomationDetails.ID != want.id {
			t.Errorf("run %d: automationDetails.id %q, want %q", i, r.AutomationDetails.ID, want.id)
		}
		if len(r.Results) == 0 {
			t.Errorf("run %s has no results", want.id)
		}
		for _, res := range r.Results {
			if uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != want.uri {
				t.Errorf("run %s: %s at %q, want %q", want.id, res.RuleID, uri, want.uri)
			}
			if want.id == "nines/vet/" && res.Level != "warning" {
				t.Errorf("analyzer finding %s has level %q, want warning", res.RuleID, res.Level)
			}
		}
	}

	// github: the analyzers' warnings, then the topology's annotations,
	// paths relative to the root too.
	out.Reset()
	cli.Main([]string{"check", "-format", "github", ".."}, strings.NewReader(""), &out, &bytes.Buffer{})
	gh := strings.Split(strings.TrimSpace(out.String()), "\n")
	if !strings.HasPrefix(gh[0], "::warning file=svc/client.go,line=5,") || !strings.Contains(out.String(), "::error file=svc/shop.nines.hcl,line=8,col=1,title=spof/single-instance::") {
		t.Errorf("check -format github:\n%s", out.String())
	}
}
