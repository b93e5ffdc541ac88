package topology_test

import (
	"context"
	"errors"
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
