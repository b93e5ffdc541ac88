package topology_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nines-dev/nines/internal/testsupport/topopair"
	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/imports"
)

const shopDir = "../testdata/topology/k8s-shop"

// readShop reads the k8s-shop manifests and returns what the Kubernetes
// reader made of them, with an fs holding its overlay.
func readShop(t *testing.T) (*topology.Imported, fstest.MapFS, []string) {
	t.Helper()
	var srcs []imports.Source
	for _, name := range []string{"manifests/istio.yaml", "manifests/shop.yaml"} {
		data, err := os.ReadFile(path.Join(shopDir, name))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, imports.Source{Name: name, Data: data})
	}
	imp, errs := imports.Kubernetes(srcs)
	if len(errs) > 0 {
		t.Fatalf("reading the manifests:\n%v", errs)
	}
	overlay, err := os.ReadFile(path.Join(shopDir, "overlay/shop.nines.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return imp, fstest.MapFS{"overlay/shop.nines.hcl": {Data: overlay}}, []string{"overlay/shop.nines.hcl"}
}

// lineOf is the 1-based line of the first line holding needle after the
// first line holding after, in the named file below the shop.
func lineOf(t *testing.T, name, after, needle string) int {
	t.Helper()
	return topopair.LineOf(t, path.Join(shopDir, name), after, needle)
}

// TestImportKubernetesShopModel: the shop's manifests and overlay give
// the model the mapping table of docs/topology.md says, each component
// at the line its instances are read from.
func TestImportKubernetesShopModel(t *testing.T) {
	imp, fsys, names := readShop(t)
	m, err := topology.LoadImported(fsys, names, imp, topology.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	all := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
	type want struct {
		kind              string
		instances, needed int
		zones             []string
		mode              string
		avail             float64
		pos               topology.Pos
	}
	shop := "manifests/shop.yaml"
	at := func(after, needle string) topology.Pos {
		return topology.Pos{File: shop, Line: lineOf(t, shop, after, needle), Column: 3}
	}
	wants := map[string]want{
		// Service frontend selects Deployment shop-frontend: replicas 3,
		// a zone spread constraint.
		"frontend": {"service", 3, 1, all, "active-active", 0.999, at("name: shop-frontend", "replicas: 3")},
		// HPA minReplicas 3 over replicas 2; PDB minAvailable 2;
		// preferred anti-affinity on zones.
		"catalog": {"service", 3, 2, all, "active-active", 0.999, at("kind: HorizontalPodAutoscaler", "minReplicas: 3")},
		// replicas 1, nothing spreading it: one zone.
		"cart": {"service", 1, 1, all[:1], "active-active", 0.999, at("name: shop-cart", "replicas: 1")},
		// nines.dev/kind: database; PDB maxUnavailable 1 of 2; the
		// overlay's mode and availability.
		"orders-db": {"database", 2, 1, all, "active-passive", 0.9995, at("name: shop-orders-db", "replicas: 2")},
	}
	for name, w := range wants {
		c := m.Component(name)
		if c == nil {
			t.Errorf("no component %q", name)
			continue
		}
		got := want{c.Kind, c.Instances, c.MinHealthy, c.Zones, c.Mode, c.InstanceAvailability, c.Pos}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, w)
		}
	}
	if n := len(m.Components); n != 6 { // the four above, edge and payments
		t.Errorf("%d components, want 6", n)
	}
	type call struct {
		timeout                               string
		retries                               int
		backoff                               string
		jitter, idempotent, breaker, required bool
	}
	calls := map[string]call{
		// VirtualService catalog's default route: perTryTimeout 1s, 3
		// attempts, retryOn connect-failure,refused-stream only;
		// DestinationRule catalog's outlier detection.
		"frontend->catalog": {"1", 3, "exponential", true, true, true, true},
		// VirtualService cart without retries: Istio's 2; the overlay's
		// timeout.
		"frontend->cart": {"0.8", 2, "exponential", true, false, false, true},
		// No route: what the overlay says.
		"cart->orders-db": {"0.3", 1, "exponential", true, true, false, true},
		"cart->payments":  {"0.6", 0, "none", false, false, false, true},
		"edge->frontend":  {"5", 0, "none", false, false, false, true},
	}
	for _, c := range m.Calls {
		w, ok := calls[c.ID()]
		if !ok {
			t.Errorf("unexpected call %s", c.ID())
			continue
		}
		delete(calls, c.ID())
		got := call{topopair.Seconds(c.Timeout), c.Retries, c.Backoff, c.Jitter, c.Idempotent, c.CircuitBreaker, c.Required}
		if got != w {
			t.Errorf("%s:\n got %+v\nwant %+v", c.ID(), got, w)
		}
	}
	for id := range calls {
		t.Errorf("no call %s", id)
	}
}

// TestImportKubernetesFindingsAtYAMLLines: the Deployment with replicas 1
// on the journey's path is a single point of failure at its replicas
// line; a finding about a call is where the overlay declares the call.
func TestImportKubernetesFindingsAtYAMLLines(t *testing.T) {
	imp, fsys, names := readShop(t)
	r, err := topology.CheckImported(context.Background(), fsys, names, imp, topology.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]topology.Pos{}
	for _, f := range r.Findings {
		found[f.Rule+" "+f.Subject] = topology.Pos{File: f.File, Line: f.Line, Column: f.Column}
	}
	shop := "manifests/shop.yaml"
	overlay := "overlay/shop.nines.hcl"
	for key, want := range map[string]topology.Pos{
		"spof/single-instance cart":           {File: shop, Line: lineOf(t, shop, "name: shop-cart", "replicas: 1"), Column: 3},
		"availability/slo-impossible cart":    {File: shop, Line: lineOf(t, shop, "name: shop-cart", "replicas: 1"), Column: 3},
		"retry/non-idempotent frontend->cart": {File: overlay, Line: lineOf(t, overlay, `component "frontend"`, `call "cart"`), Column: 3},
	} {
		if got, ok := found[key]; !ok || got != want {
			t.Errorf("%s: at %v (found %v), want %v", key, got, ok, want)
		}
	}
	// The spread components are not single points of failure; the
	// catalog's retries are safe (only retried before the request is
	// received), so not flagged.
	for _, key := range []string{"spof/single-instance frontend", "spof/single-zone frontend", "spof/single-instance catalog",
		"retry/non-idempotent frontend->catalog", "resilience/no-circuit-breaker frontend->catalog"} {
		if p, ok := found[key]; ok {
			t.Errorf("unexpected finding %s at %v", key, p)
		}
	}
}

// TestImportKubernetesSameAsHandWritten: the shop read from its manifests
// and the same shop written by hand in HCL (testdata/topology/k8s-shop-hcl)
// have the same components, calls and availability.
func TestImportKubernetesSameAsHandWritten(t *testing.T) {
	imp, fsys, names := readShop(t)
	got, err := topology.CheckImported(context.Background(), fsys, names, imp, topology.Options{})
	if err != nil {
		t.Fatal(err)
	}
	topopair.Same(t, got, "../testdata/topology/k8s-shop-hcl/shop.nines.hcl")
}

// loadWith loads the given YAML manifests with an overlay.
func loadWith(t *testing.T, yaml, overlay string) error {
	t.Helper()
	imp, errs := imports.Kubernetes([]imports.Source{{Name: "k8s.yaml", Data: []byte(yaml)}})
	if len(errs) > 0 {
		return errs
	}
	_, err := topology.LoadImported(fstest.MapFS{"o.nines.hcl": {Data: []byte(overlay)}}, []string{"o.nines.hcl"}, imp, topology.Limits{})
	return err
}

const oneDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app: api
`

// TestImportOverlayErrors: what the overlay gets wrong about imported
// components is an error at its position, as is an imported value the
// schema refuses, at the YAML node.
func TestImportOverlayErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, overlay, want string
	}{
		{"clash", oneDeployment, "service \"api\" {\n}\n",
			`o.nines.hcl:1:1: component "api" is already declared at k8s.yaml:6:3`},
		{"unknown override", oneDeployment, "component \"apii\" {\n  instances = 3\n}\n",
			`o.nines.hcl:1:1: component "apii": no reader produced a component of that name`},
		{"override twice", oneDeployment, "component \"api\" {\n}\ncomponent \"api\" {\n}\n",
			`o.nines.hcl:3:1: component "api" is already overridden at o.nines.hcl:1:1`},
		{"override value", oneDeployment, "component \"api\" {\n  instances = \"three\"\n}\n",
			`o.nines.hcl:2:3: instances must be an integer, not string`},
		{"override unknown attribute", oneDeployment, "component \"api\" {\n  replicas = 3\n}\n",
			`o.nines.hcl:2:3: service "api" has no attribute "replicas"`},
		{"override unknown call attribute", oneDeployment, "component \"api\" {\n  call \"api\" {\n    attempts = 3\n  }\n}\n",
			`o.nines.hcl:3:5: call "api" has no attribute "attempts"`},
		{"call to nothing", oneDeployment, "component \"api\" {\n  call \"db\" {}\n}\n",
			`o.nines.hcl:2:3: service "api" calls unknown component "db"`},
		{"min_healthy over instances", oneDeployment, "component \"api\" {\n  min_healthy = 3\n}\n",
			`o.nines.hcl:2:3: min_healthy 3 exceeds instances 2 of service "api"`},
		{"replicas zero", strings.Replace(oneDeployment, "replicas: 2", "replicas: 0", 1), "",
			`k8s.yaml:6:3: instances must be at least 1, not 0`},
		{"replicas not a number", strings.Replace(oneDeployment, "replicas: 2", "replicas: two", 1), "",
			`k8s.yaml:6:13: replicas must be a whole number, not "two"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := loadWith(t, tc.yaml, tc.overlay)
			var list topology.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("got %v, want an ErrorList", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got:\n%v\nwant a line starting %q", err, tc.want)
			}
		})
	}
	// Without mistakes the same overlay amends the component.
	if err := loadWith(t, oneDeployment, "component \"api\" {\n  instances = 4\n}\n"); err != nil {
		t.Errorf("a valid override: %v", err)
	}
}

// importedFiles are n imported files of one service each, named
// f000.yaml…, whose instances are the given value, each calling the next.
func importedFiles(n int, instances any) *topology.Imported {
	imp := &topology.Imported{}
	for i := range n {
		name := fmt.Sprintf("f%03d.yaml", i)
		b := &topology.Block{Type: "service", Name: fmt.Sprintf("s%03d", i), Pos: topology.Pos{File: name, Line: 1, Column: 1},
			Attrs: map[string]any{"instances": instances}, AttrPos: map[string]topology.Pos{"instances": {File: name, Line: 2, Column: 3}},
		}
		if i+1 < n {
			b.Blocks = []*topology.Block{{Type: "call", Name: fmt.Sprintf("s%03d", i+1), Pos: topology.Pos{File: name, Line: 3, Column: 3}}}
		}
		imp.Files = append(imp.Files, &topology.ImportedFile{Name: name, Lines: []int{10, 10, 10}, Blocks: []*topology.Block{b}})
	}
	return imp
}

// TestImportedLimits: the imported files are decoded and validated
// concurrently, and what they get wrong reads as one loader reading them
// in order would report it: every error in the order of the files, up
// to MaxErrors and its summary, and the block limit at the file whose
// blocks cross it, after the errors of the files before it.
func TestImportedLimits(t *testing.T) {
	_, err := topology.LoadImported(fstest.MapFS{}, nil, importedFiles(300, int64(0)), topology.Limits{})
	var list topology.ErrorList
	if !errors.As(err, &list) || len(list) != topology.MaxErrors+1 {
		t.Fatalf("got %d errors, want %d: %v", len(list), topology.MaxErrors+1, err)
	}
	for i, e := range list[:topology.MaxErrors] {
		if want := fmt.Sprintf("f%03d.yaml:2:3: instances must be at least 1", i); !strings.HasPrefix(e.Error(), want) {
			t.Fatalf("error %d is %v, want %s…", i, e, want)
		}
	}
	if got := list[topology.MaxErrors].Error(); got != "f200.yaml:2:3: too many errors (more than 200): stopping here" {
		t.Errorf("summary: %s", got)
	}

	// Two blocks a file (the service and its call): the 11th file takes
	// the count to 22.
	_, err = topology.LoadImported(fstest.MapFS{}, nil, importedFiles(30, "two"), topology.Limits{MaxBlocks: 21})
	if !errors.As(err, &list) || len(list) != 11 {
		t.Fatalf("got %v, want the errors of 10 files and the limit", err)
	}
	if got := list[9].Error(); !strings.HasPrefix(got, "f009.yaml:2:3: instances must be an integer") {
		t.Errorf("last file error: %s", got)
	}
	if got := list[10].Error(); got != "f010.yaml: more than 21 blocks in the topology" {
		t.Errorf("limit: %s", got)
	}
	if _, err := topology.LoadImported(fstest.MapFS{}, nil, importedFiles(30, int64(2)), topology.Limits{}); err != nil {
		t.Errorf("30 valid files: %v", err)
	}
}

// TestLargeOverlay: an overlay large enough to be parsed in pieces on
// every core amends every component it names, and its mistakes are at
// their lines, wherever the pieces are cut.
func TestLargeOverlay(t *testing.T) {
	var o strings.Builder
	for i := range 290 {
		fmt.Fprintf(&o, "# the component read from f%03d.yaml, with more instances than its manifest says\ncomponent \"s%03d\" {\n  instances = %d\n}\n\n", i, i, 3+i%5)
	}
	overlay := o.String()
	if len(overlay) < 32<<10 {
		t.Fatalf("the overlay is %d bytes, too small to be cut", len(overlay))
	}
	fsys := fstest.MapFS{"o.nines.hcl": {Data: []byte(overlay)}}
	m, err := topology.LoadImported(fsys, []string{"o.nines.hcl"}, importedFiles(300, int64(2)), topology.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range m.Components {
		want := 3 + i%5
		if i >= 290 {
			want = 2
		}
		if c.Name != fmt.Sprintf("s%03d", i) || c.Instances != want {
			t.Fatalf("component %d: %s with %d instances, want %d", i, c.Name, c.Instances, want)
		}
	}
	for _, tc := range []struct{ edit, want string }{
		{"component \"s299\" {\n  instances = 7\n  replicas = 2\n}\n", "o.nines.hcl:1453:3: service \"s299\" has no attribute \"replicas\""},
		{"component \"s299\" {\n  instances = 7\n}\n\ncomponent \"s180\" {\n}\n", "o.nines.hcl:1455:1: component \"s180\" is already overridden at o.nines.hcl:902:1"},
		{"component \"s299\" {\n  instances = \n}\n", "o.nines.hcl:1452:15: "},
	} {
		fsys["o.nines.hcl"] = &fstest.MapFile{Data: []byte(overlay + tc.edit)}
		_, err := topology.LoadImported(fsys, []string{"o.nines.hcl"}, importedFiles(300, int64(2)), topology.Limits{})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %s…", tc.edit, err, tc.want)
		}
	}
}
