package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/testsupport/topopair"
)

// cartReplicasLine is the line of the cart Deployment's replicas in the
// k8s-shop manifests.
func cartReplicasLine(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "testdata/topology/k8s-shop/manifests/shop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for i, l := range strings.Split(string(data), "\n") {
		seen = seen || strings.Contains(l, "name: shop-cart")
		if seen && strings.TrimSpace(l) == "replicas: 1" {
			return i + 1
		}
	}
	t.Fatal("no replicas: 1 in the cart Deployment")
	return 0
}

// TestTopoImportK8sShop: nines topo reads the manifests beside the
// overlay and reports the single cart replica at its replicas line, in
// every format.
func TestTopoImportK8sShop(t *testing.T) {
	line := cartReplicasLine(t)
	file := "testdata/topology/k8s-shop/manifests/shop.yaml"
	stdout, stderr, code := run(t, "topo", "testdata/topology/k8s-shop")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	want := fmt.Sprintf("%s:%d:3: error: service \"cart\" runs a single instance", file, line)
	if !strings.Contains(stdout, want) || !strings.Contains(stdout, "(spof/single-instance)") {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}
	if !strings.Contains(stdout, "checkout  edge   99.799%") {
		t.Errorf("no availability row for checkout:\n%s", stdout)
	}
	stdout, _, _ = run(t, "topo", "--format", "github", "testdata/topology/k8s-shop")
	if want := fmt.Sprintf("::error file=%s,line=%d,col=3,title=spof/single-instance::", file, line); !strings.Contains(stdout, want) {
		t.Errorf("github output lacks %q:\n%s", want, stdout)
	}
	stdout, _, _ = run(t, "topo", "--format", "sarif", "testdata/topology/k8s-shop")
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range log.Runs[0].Results {
		p := r.Locations[0].PhysicalLocation
		found = found || (r.RuleID == "spof/single-instance" && p.ArtifactLocation.URI == file && p.Region.StartLine == line)
	}
	if !found {
		t.Errorf("no SARIF result spof/single-instance at %s:%d:\n%s", file, line, stdout)
	}
}

// writeRepo writes files below a new directory and returns it.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const apiDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: %d
  template:
    metadata:
      labels:
        app: api
    spec:
      topologySpreadConstraints:
        - topologyKey: topology.kubernetes.io/zone
          maxSkew: 1
          whenUnsatisfiable: DoNotSchedule
`

const apiOverlay = `zone "a" {}
zone "b" {}
journey "use" {
  entry = "api"
  slo   = "99%"
}
`

// TestTopoImportBlocksReplicasOne: what a pre-commit hook running nines
// topo does when a change sets a required Deployment's replicas to 1.
func TestTopoImportBlocksReplicasOne(t *testing.T) {
	dir := writeRepo(t, map[string]string{"deploy/api.yaml": fmt.Sprintf(apiDeployment, 2), "deploy/shop.nines.hcl": apiOverlay})
	if stdout, stderr, code := run(t, "topo", dir); code != 0 {
		t.Fatalf("two replicas: exit %d\n%s%s", code, stdout, stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "deploy/api.yaml"), []byte(fmt.Sprintf(apiDeployment, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "topo", dir)
	want := filepath.Join(dir, "deploy/api.yaml") + ":6:3: error: service \"api\" runs a single instance"
	if code != 1 || !strings.Contains(stdout, want) {
		t.Errorf("one replica: exit %d, want 1 and %q:\n%s%s", code, want, stdout, stderr)
	}
}

// TestTopoImportBadInput: malformed YAML, an alias bomb and YAML that is
// not Kubernetes are positioned errors with exit status 2; a directory
// walk leaves Helm templates and other YAML alone.
func TestTopoImportBadInput(t *testing.T) {
	var bomb strings.Builder
	bomb.WriteString("apiVersion: v1\nkind: List\nitems:\n  - &d\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: api\n")
	for range 10_001 {
		bomb.WriteString("  - *d\n")
	}
	dir := writeRepo(t, map[string]string{
		"bad.yaml":     "apiVersion: v1\nkind: Service\nmetadata:\n  name: [a\n",
		"bomb.yaml":    bomb.String(),
		"ci.yaml":      "on: push\n",
		"compose.yaml": "services:\n  web:\n    deploy:\n      replicas: many\n",
	})
	for _, tc := range []struct{ file, want string }{
		{"bad.yaml", ":4:1: invalid YAML: did not find expected ',' or ']'"},
		{"bomb.yaml", ":10009:5: more than 10000 YAML aliases in one file"},
		{"ci.yaml", ":1:1: neither Kubernetes manifests"},
		{"compose.yaml", `:4:17: deploy.replicas must be a whole number, not "many"`},
	} {
		path := filepath.Join(dir, tc.file)
		stdout, stderr, code := run(t, "topo", path)
		if code != 2 || !strings.HasPrefix(stderr, path+tc.want) {
			t.Errorf("%s: exit %d, want 2 and %q:\n%s%s", tc.file, code, path+tc.want, stdout, stderr)
		}
	}

	walk := writeRepo(t, map[string]string{
		"api.yaml":                     fmt.Sprintf(apiDeployment, 2),
		"shop.nines.hcl":               apiOverlay,
		"other/compose.yaml":           "services:\n  web:\n    deploy:\n      replicas: 2\n",
		"chart/templates/web.yaml":     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n",
		"testdata/broken.yaml":         "apiVersion: v1\nkind: [\n",
		".github/workflows/ci.yaml":    "on: push\n",
		"chart/values.yaml":            "replicas: 1\n",
		"manifests/unknown-kinds.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
	})
	if stdout, stderr, code := run(t, "topo", walk); code != 0 {
		t.Errorf("walk: exit %d, want 0:\n%s%s", code, stdout, stderr)
	}
}

// TestTopoImportComposeShop: nines topo finds compose.yaml beside its
// overlay by name and reports the single cart replica at its
// deploy.replicas line; a Compose file under another name is read when
// named, by its content.
func TestTopoImportComposeShop(t *testing.T) {
	shopFinding(t, "compose-shop", "compose.yaml", "  cart:", "replicas: 1", 7, `service "cart" runs a single instance`, "checkout  proxy")

	dir := writeRepo(t, map[string]string{
		"stack.yml":      "services:\n  api:\n    deploy:\n      replicas: 1\n",
		"shop.nines.hcl": apiOverlay,
	})
	stdout, stderr, code := run(t, "topo", filepath.Join(dir, "stack.yml"), filepath.Join(dir, "shop.nines.hcl"))
	if want := filepath.Join(dir, "stack.yml") + ":4:7: error: service \"api\" runs a single instance"; code != 1 || !strings.Contains(stdout, want) {
		t.Errorf("stack.yml: exit %d, want 1 and %q:\n%s%s", code, want, stdout, stderr)
	}
	// A walk takes Compose files by name only.
	if stdout, stderr, code := run(t, "topo", dir); code != 2 || !strings.Contains(stderr, "journey \"use\"") {
		t.Errorf("walk without stack.yml: exit %d, want 2 (the journey's entry is unknown):\n%s%s", code, stdout, stderr)
	}
}

// TestTopoImportTerraformShop: nines topo reads the .tf files below the
// shop with its overlay and reports the single-AZ database at its
// multi_az line; a Terraform file hcl/v2 cannot parse is an error at its
// position with exit status 2, and unknown resources are ignored.
func TestTopoImportTerraformShop(t *testing.T) {
	shopFinding(t, "terraform-shop", "infra/data.tf", `"aws_db_instance" "ledger"`, "multi_az", 3, `database "ledger" runs a single instance`, "checkout  edge")

	dir := writeRepo(t, map[string]string{
		"main.tf":        "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\nresource \"aws_autoscaling_group\" \"api\" {\n  min_size = 2\n  availability_zones = [\"a\", \"b\"]\n}\n",
		"shop.nines.hcl": apiOverlay,
	})
	if stdout, stderr, code := run(t, "topo", dir); code != 0 {
		t.Errorf("two instances in two zones: exit %d, want 0:\n%s%s", code, stdout, stderr)
	}
	bad := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(bad, []byte("resource \"aws_lb\" \"edge\" {\n  subnets = [\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "topo", dir)
	if code != 2 || !strings.HasPrefix(stderr, bad+":3:1: ") {
		t.Errorf("unparsable: exit %d, want 2 and an error at %s:3:1:\n%s%s", code, bad, stdout, stderr)
	}
}

// shopFinding runs nines topo on testdata/topology/DIR and wants exit
// status 1, the error message at the line of file holding needle after
// the one holding after, and the journey row.
func shopFinding(t *testing.T, dir, file, after, needle string, col int, message, row string) {
	t.Helper()
	file = "testdata/topology/" + dir + "/" + file
	line := topopair.LineOf(t, filepath.Join(repoRoot, file), after, needle)
	stdout, stderr, code := run(t, "topo", "testdata/topology/"+dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	want := fmt.Sprintf("%s:%d:%d: error: %s", file, line, col, message)
	if !strings.Contains(stdout, want) || !strings.Contains(stdout, row) {
		t.Errorf("stdout lacks %q or %q:\n%s", want, row, stdout)
	}
}

// TestTopoTerraformPlan: a JSON file named on the command line that is the
// output of terraform show -json is read by the Terraform reader, its
// findings at the JSON values; other JSON stays the topology's JSON syntax.
func TestTopoTerraformPlan(t *testing.T) {
	dir := "testdata/topology/terraform-plan-shop/"
	stdout, stderr, code := run(t, "topo", dir+"plan.json", dir+"shop.nines.hcl")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	if want := dir + `plan.json:47:25: error: database "ledger" runs a single instance`; !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}
	if !strings.Contains(stdout, "checkout  edge   99.897%") {
		t.Errorf("no availability row for checkout (as the .tf shop):\n%s", stdout)
	}
}
