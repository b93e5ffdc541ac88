package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTopoRejectsForgedFindings: a user policy reporting as a built-in rule
// stops the check with exit status 2 and an error at the policy's report
// rule, whatever the output format.
func TestTopoRejectsForgedFindings(t *testing.T) {
	dir := t.TempDir()
	src := "package nines.custom.forger\n\nimport data.nines.lib\n\nreport contains f if {\n\tsome name, c in input.components\n\tf := object.union(lib.finding(rego.metadata.chain(), name, \"forged\", c), {\"rule\": \"spof/single-instance\"})\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "forger.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		stdout, stderr, code := run(t, "topo", "--format", format, "--policy", dir, "testdata/topology/naive-shop")
		if code != 2 {
			t.Errorf("%s: exit code %d, want 2; stdout:\n%s", format, code, stdout)
		}
		want := filepath.Join(dir, "forger.rego") + `:5:1: finding of "spof/single-instance" rejected`
		if !strings.Contains(stderr, want) {
			t.Errorf("%s: stderr %q does not contain %q", format, stderr, want)
		}
	}
}

// TestTopoUndecidedInEveryFormat: a journey over 40 shared zones needs more
// states than nines evaluates; its certified interval straddles the slo,
// and every format says so.
func TestTopoUndecidedInEveryFormat(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "zone \"z%d\" {\n  availability = %v\n}\n", i, 0.99-0.001*float64(i%7))
	}
	for i := range 80 { // two services in each zone: every zone is conditioned on
		fmt.Fprintf(&b, "service \"s%d\" {\n  zones = [\"z%d\"]\n  instances = 1\n  availability = 0.999\n", i, i/2)
		if i+1 < 80 {
			fmt.Fprintf(&b, "  call \"s%d\" {\n    timeout = \"1s\"\n  }\n", i+1)
		}
		b.WriteString("}\n")
	}
	b.WriteString("journey \"j\" {\n  entry = \"s0\"\n  slo = \"54.97%\"\n}\n")
	dir := t.TempDir()
	file := filepath.Join(dir, "wide.nines.hcl")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for format, want := range map[string][]string{
		"text":   {"54.9656%..54.9803%", "undecided", `warning: journey "j" is between 54.9656% and 54.9803% available on paper, which straddles its slo of 54.97%: undecided`},
		"json":   {`"bounded": true`, `"availability_upper": 0.5498025`, `"undecided": true`, `"severity": "warning"`},
		"sarif":  {`"level": "warning"`, `which straddles its slo of 54.97%: undecided`},
		"github": {"::warning file=", "straddles its slo of 54.97%25: undecided"},
	} {
		stdout, stderr, _ := run(t, "topo", "--format", format, file)
		for _, w := range want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%s: output does not contain %q; stderr %s\n%s", format, w, stderr, stdout)
			}
		}
		if strings.Contains(stdout, "available on paper, below its slo") {
			t.Errorf("%s: an undecided journey is reported as below its slo:\n%s", format, stdout)
		}
	}
}
