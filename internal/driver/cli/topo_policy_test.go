package cli_test

import (
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
