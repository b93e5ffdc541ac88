package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// topoJSON is what a round trip keeps of nines topo -format json: the
// journeys whole, the findings without their positions.
func topoJSON(t *testing.T, args ...string) (journeys any, findings []string, code int) {
	t.Helper()
	stdout, stderr, code := run(t, append([]string{"topo", "--format", "json"}, args...)...)
	var doc struct {
		Journeys any `json:"journeys"`
		Findings []struct {
			Rule, Subject, Message string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v: %v\nstdout %s\nstderr %s", args, err, stdout, stderr)
	}
	for _, f := range doc.Findings {
		findings = append(findings, f.Rule+" "+f.Subject+": "+f.Message)
	}
	slices.Sort(findings)
	return doc.Journeys, findings, code
}

// TestTopoExportHCL: nines topo --export hcl prints the k8s shop (its
// manifests and overlay merged) as HCL, the cart after the line of its
// Deployment's replicas, the same twice; checking the printed file gives
// the same journeys, availability and findings as checking the shop.
func TestTopoExportHCL(t *testing.T) {
	for _, dir := range []string{"testdata/topology/k8s-shop", "testdata/topology/compose-shop", "testdata/topology/terraform-shop", "testdata/topology/naive-shop"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out, stderr, code := run(t, "topo", "--export", "hcl", dir)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
			}
			if again, _, _ := run(t, "topo", "--export", "hcl", dir); again != out {
				t.Errorf("two exports differ:\n%s\n---\n%s", out, again)
			}
			if !strings.HasPrefix(out, "# from "+dir+"/") {
				t.Errorf("the export does not start with a comment naming a file of %s:\n%s", dir, out)
			}
			exported := filepath.Join(t.TempDir(), "shop.nines.hcl")
			if err := os.WriteFile(exported, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			wantJourneys, wantFindings, wantCode := topoJSON(t, dir)
			gotJourneys, gotFindings, gotCode := topoJSON(t, exported)
			if gotCode != wantCode {
				t.Errorf("exit %d checking the export, %d checking %s", gotCode, wantCode, dir)
			}
			if !reflect.DeepEqual(gotJourneys, wantJourneys) {
				t.Errorf("journeys of the export:\n%v\nof %s:\n%v", gotJourneys, dir, wantJourneys)
			}
			if !slices.Equal(gotFindings, wantFindings) {
				t.Errorf("findings of the export:\n%q\nof %s:\n%q", gotFindings, dir, wantFindings)
			}
		})
	}
	out, _, _ := run(t, "topo", "--export", "hcl", "testdata/topology/k8s-shop")
	want := fmt.Sprintf("# from testdata/topology/k8s-shop/manifests/shop.yaml:%d\nservice \"cart\" {\n", cartReplicasLine(t))
	if !strings.Contains(out, want) {
		t.Errorf("the export lacks %q:\n%s", want, out)
	}
}

func TestTopoExportUsage(t *testing.T) {
	for args, want := range map[string]string{
		"--export yaml":               `-export must be hcl (the topology in the nines language), not "yaml"`,
		"--export=":                   "", // no export: the report
		"--export hcl --graph dot":    "-export prints the topology instead of the report",
		"--export hcl --advise":       "-export prints the topology instead of the report",
		"--export hcl --fail zone:eu": "-export prints the topology instead of the report",
	} {
		_, stderr, code := run(t, append(append([]string{"topo"}, strings.Fields(args)...), "testdata/topology/naive-shop")...)
		if want == "" {
			if code != 1 {
				t.Errorf("%s: exit %d, want the report's 1; stderr %q", args, code, stderr)
			}
			continue
		}
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr %q, want 2 and %q", args, code, stderr, want)
		}
	}
	// Bad input is reported as without -export.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.nines.hcl"), []byte("service \"a\" {\n  instances = \"two\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "topo", "--export", "hcl", dir)
	if code != 2 || stdout != "" || !strings.Contains(stderr, "bad.nines.hcl:2:") {
		t.Errorf("invalid input: exit %d, stdout %q, stderr %q; want 2, nothing printed and an error at line 2", code, stdout, stderr)
	}
}
