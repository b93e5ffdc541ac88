package imports

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nines-dev/nines/topology"
)

func read(t *testing.T, src string) (*topology.Imported, topology.ErrorList) {
	t.Helper()
	return Kubernetes([]Source{{Name: "m.yaml", Data: []byte(src)}})
}

func only(t *testing.T, imp *topology.Imported) *topology.Block {
	t.Helper()
	if len(imp.Files) != 1 || len(imp.Files[0].Blocks) != 1 {
		t.Fatalf("want one component, got %+v", imp.Files)
	}
	return imp.Files[0].Blocks[0]
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 4
  template:
    metadata:
      labels:
        app: api
`

func TestMalformedYAMLIsPositioned(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		// The flow sequence opened on line 4 is never closed.
		{"apiVersion: v1\nkind: Service\nmetadata:\n  name: [a\n", "m.yaml:4:1: invalid YAML: did not find expected ',' or ']'"},
		{deployment + "  bad: : :\n", "m.yaml:11:1: invalid YAML: mapping values are not allowed in this context"},
		// A block mapping whose key on line 2 is never followed by one.
		{"apiVersion: v1\nkind: Service\n  name: x\n", "m.yaml:3:1: invalid YAML: "},
		{"a: 1\n---\napiVersion: v1\nkind: [\n", "m.yaml:4:1: invalid YAML: did not find expected node content"},
	} {
		_, errs := read(t, tc.src)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant one error starting %q", tc.src, errs, tc.want)
		}
	}
}

// TestAliasBomb: a document of aliases to aliases ("billion laughs")
// would expand to 10^9 nodes were it expanded; the reader follows only
// the paths it reads, one alias at a time, so it costs the parse. A List
// of aliases to one Deployment, which would make a component per alias,
// is capped at maxAliases and reported where it crosses the cap.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString(deployment)
	b.WriteString("x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "x%d: &x%d [*x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	b.WriteString("status:\n  labels:\n    <<: *x9\n  replicas: *x9\n")
	start := time.Now()
	imp, errs := read(t, b.String())
	t.Logf("billion laughs read in %v", time.Since(start))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if only(t, imp).Attrs["instances"] != int64(4) {
		t.Errorf("got %+v", only(t, imp))
	}

	var c strings.Builder
	c.WriteString("apiVersion: v1\nkind: List\nitems:\n  - &d\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: api\n")
	for range maxAliases + 1 {
		c.WriteString("  - *d\n")
	}
	imp, errs = read(t, c.String())
	want := fmt.Sprintf("m.yaml:%d:5: more than %d YAML aliases in one file", 9+maxAliases, maxAliases)
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("got %v, want %s", errs, want)
	}
	if n := len(imp.Files[0].Blocks); n > maxAliases+1 {
		t.Errorf("%d components from the aliases, want at most %d", n, maxAliases+1)
	}
}

func TestUnknownKindsAreIgnored(t *testing.T) {
	src := `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  replicas: "1"
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  replicas: 1
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template: {}
---
# a comment-only document
---
- a list, not a manifest
---
` + deployment
	imp, errs := read(t, src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	b := only(t, imp)
	if b.Name != "api" || b.Attrs["instances"] != int64(4) {
		t.Errorf("got %+v", b)
	}
	if imp.Routes != nil {
		t.Errorf("routes from nothing: %+v", imp.Routes)
	}
}

func TestIsKubernetes(t *testing.T) {
	for src, want := range map[string]bool{
		deployment:                           true,
		"services:\n  web:\n    image: x\n":  false,
		"apiVersion: v1\n":                   false,
		"# kind: x\napiVersion: 1\n":         false,
		"a: 1\nkind: A\napiVersion: v1\n":    true,
		"apiVersion: v1\nspec:\n  kind: A\n": false,
	} {
		if got := IsKubernetes([]byte(src)); got != want {
			t.Errorf("IsKubernetes(%q) = %v", src, got)
		}
	}
}

func TestDisruptionBudgets(t *testing.T) {
	pdb := func(field, value string) string {
		return deployment + "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  " +
			field + ": " + value + "\n  selector:\n    matchLabels:\n      app: api\n"
	}
	for _, tc := range []struct {
		field, value string
		want         any
	}{
		{"minAvailable", "3", int64(3)},
		{"minAvailable", "50%", int64(2)},
		{"minAvailable", `"60%"`, int64(3)}, // 2.4 rounded up
		{"maxUnavailable", "1", int64(3)},
		{"maxUnavailable", "30%", int64(2)}, // 4 - ceil(1.2)
		{"maxUnavailable", "4", nil},        // nothing must stay up
		{"minAvailable", "0", nil},
	} {
		imp, errs := read(t, pdb(tc.field, tc.value))
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		b := only(t, imp)
		if got := b.Attrs["min_healthy"]; got != tc.want {
			t.Errorf("%s %s: min_healthy %v, want %v", tc.field, tc.value, got, tc.want)
		}
		if tc.want != nil && b.AttrPos["min_healthy"].Line != 17 {
			t.Errorf("%s %s: at %v, want line 17", tc.field, tc.value, b.AttrPos["min_healthy"])
		}
	}
	_, errs := read(t, pdb("minAvailable", "120%"))
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "m.yaml:17:17: minAvailable must be a whole number or a percentage") {
		t.Errorf("got %v", errs)
	}
}

func vs(http string) string {
	return "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: v\nspec:\n  hosts:\n    - api.prod.svc.cluster.local\n    - api.prod\n  http:\n" + http
}

func TestVirtualServiceRoutes(t *testing.T) {
	for _, tc := range []struct {
		name, http string
		want       map[string]any
	}{
		{"istio defaults", "    - route:\n        - destination:\n            host: api\n",
			map[string]any{"retries": int64(2), "backoff": "exponential", "jitter": true}},
		{"no retries", "    - timeout: 2s\n      retries:\n        attempts: 0\n      route: []\n",
			map[string]any{"retries": int64(0), "timeout": "2s", "total_timeout": "2s"}},
		{"retries without attempts", "    - retries:\n        perTryTimeout: 1s\n      route: []\n",
			map[string]any{"retries": int64(0)}},
		{"per try timeout", "    - timeout: 3s\n      retries:\n        attempts: 4\n        perTryTimeout: 500ms\n        retryOn: 5xx,connect-failure\n      route: []\n",
			map[string]any{"retries": int64(4), "timeout": "500ms", "total_timeout": "3s", "backoff": "exponential", "jitter": true}},
		{"safe retry conditions", "    - retries:\n        attempts: 1\n        retryOn: connect-failure, refused-stream\n      route: []\n",
			map[string]any{"retries": int64(1), "backoff": "exponential", "jitter": true, "idempotent": true}},
		{"default route after a match", "    - match:\n        - uri:\n            prefix: /slow\n      timeout: 60s\n      route: []\n    - timeout: 1s\n      route: []\n",
			map[string]any{"retries": int64(2), "timeout": "1s", "total_timeout": "1s", "backoff": "exponential", "jitter": true}},
	} {
		imp, errs := read(t, vs(tc.http))
		if len(errs) > 0 {
			t.Fatalf("%s: %v", tc.name, errs)
		}
		if len(imp.Routes) != 2 || imp.Routes[0].Name != "api" || imp.Routes[1].Name != "api" {
			t.Fatalf("%s: routes %+v, want two to api", tc.name, imp.Routes)
		}
		if got := imp.Routes[0].Attrs; fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.name, got, tc.want)
		}
	}
	// The route's timeout is the total, at its own line; perTryTimeout
	// the attempt's.
	src := vs("    - timeout: 3s\n      retries:\n        attempts: 4\n        perTryTimeout: 500ms\n      route: []\n")
	imp, _ := read(t, src)
	lineOf := func(text string) int { return strings.Count(src[:strings.Index(src, text)], "\n") + 1 }
	if p, want := imp.Routes[0].AttrPos["total_timeout"], lineOf("timeout: 3s"); p.Line != want || p.Column != 7 {
		t.Errorf("total_timeout at %v, want line %d column 7", p, want)
	}
	if p, want := imp.Routes[0].AttrPos["timeout"], lineOf("perTryTimeout"); p.Line != want {
		t.Errorf("timeout at %v, want line %d", p, want)
	}
	imp, _ = read(t, strings.Replace(vs("    - route: []\n"), "  http:", "  gateways:\n    - ingress\n  http:", 1))
	if len(imp.Routes) != 0 {
		t.Errorf("a gateway-only VirtualService gave routes %+v", imp.Routes)
	}
	_, errs := read(t, vs("    - timeout: soon\n      route: []\n"))
	if len(errs) != 1 || errs[0].Error() != `m.yaml:10:16: timeout must be a duration such as 500ms or 2s, not "soon"` {
		t.Errorf("got %v", errs)
	}
}

func TestHostName(t *testing.T) {
	for h, want := range map[string]string{
		"reviews": "reviews", "reviews.prod": "reviews", "reviews.prod.svc": "reviews",
		"reviews.prod.svc.cluster.local": "reviews", "api.stripe.com": "api.stripe.com",
	} {
		if got := hostName(h); got != want {
			t.Errorf("hostName(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestTooManyDocuments(t *testing.T) {
	src := strings.Repeat("---\na: 1\n", maxDocuments+1)
	_, errs := read(t, src)
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "more than 10000 YAML documents") {
		t.Errorf("got %v", errs)
	}
}

// TestMatchedAcrossFiles: an autoscaler or a budget may be in another
// file than the workload it selects. What it gets wrong is an error at
// its own node only when it selects a workload (as before it is
// matched, nothing says it concerns the topology), and each file's
// errors come in the order its workloads, autoscalers, budgets and
// routes are read.
func TestMatchedAcrossFiles(t *testing.T) {
	hpa := func(target, min string) string {
		return "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: " +
			target + "\n  minReplicas: " + min + "\n"
	}
	pdb := func(app, min string) string {
		return "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  minAvailable: " + min +
			"\n  selector:\n    matchLabels:\n      app: " + app + "\n"
	}
	policies := hpa("api", "3") + "---\n" + pdb("api", "50%")
	imp, errs := Kubernetes([]Source{{Name: "a.yaml", Data: []byte(policies)}, {Name: "b.yaml", Data: []byte(deployment)}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	b := only(t, imp)
	if b.Attrs["instances"] != int64(3) || b.Attrs["min_healthy"] != int64(2) || b.AttrPos["instances"] != (topology.Pos{File: "a.yaml", Line: 9, Column: 3}) {
		t.Errorf("got %+v at %v", b.Attrs, b.AttrPos)
	}
	// Selecting nothing, bad values are not reported.
	_, errs = Kubernetes([]Source{{Name: "a.yaml", Data: []byte(hpa("web", "many") + "---\n" + pdb("web", "x%"))}, {Name: "b.yaml", Data: []byte(deployment)}})
	if len(errs) > 0 {
		t.Errorf("errors of policies selecting nothing: %v", errs)
	}
	bad := strings.Replace(deployment, "replicas: 4", "replicas: four", 1) + "---\n" +
		vs("    - timeout: soon\n      route: []\n") + "---\n" + hpa("api", "many") + "---\n" + pdb("api", "x%")
	_, errs = Kubernetes([]Source{{Name: "a.yaml", Data: []byte(bad)}, {Name: "b.yaml", Data: []byte("a: [\n")}})
	var got []string
	for _, e := range errs {
		got = append(got, fmt.Sprintf("%s:%d:%d %.20s", e.Pos.File, e.Pos.Line, e.Pos.Column, e.Message))
	}
	want := []string{
		"a.yaml:6:13 replicas must be a w",
		"a.yaml:32:16 minReplicas must be ",
		"a.yaml:39:17 minAvailable must be",
		"a.yaml:21:16 timeout must be a du",
		"b.yaml:1:1 invalid YAML: did no",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("errors:\n got %q\nwant %q", got, want)
	}
}

// TestNamespacesQualifyClashingNames: workloads of one name in two
// namespaces are NAME.NAMESPACE, and the routes into them follow the
// namespace of their host (a short host is in the route's namespace);
// a name only one namespace uses stays short.
func TestNamespacesQualifyClashingNames(t *testing.T) {
	ns := func(name, namespace string, replicas int) string {
		return fmt.Sprintf(`---
apiVersion: v1
kind: Service
metadata:
  name: %[1]s
  namespace: %[2]s
spec:
  selector:
    app: %[1]s
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
  namespace: %[2]s
spec:
  replicas: %[3]d
  template:
    metadata:
      labels:
        app: %[1]s
`, name, namespace, replicas)
	}
	src := ns("cart", "shop", 3) + ns("cart", "staging", 1) + ns("api", "shop", 2) + `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: cart
  namespace: shop
spec:
  hosts: [cart, cart.staging.svc.cluster.local, api]
  http:
    - timeout: 2s
      route: []
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: cart
  namespace: staging
spec:
  host: cart
  trafficPolicy:
    outlierDetection: {}
`
	imp, errs := read(t, src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var names []string
	for _, f := range imp.Files {
		for _, b := range f.Blocks {
			names = append(names, b.Name)
		}
	}
	slices.Sort(names)
	if got, want := strings.Join(names, " "), "api cart.shop cart.staging"; got != want {
		t.Errorf("components %q, want %q", got, want)
	}
	var routes []string
	for _, r := range imp.Routes {
		routes = append(routes, fmt.Sprintf("%s circuit_breaker=%v", r.Name, r.Attrs["circuit_breaker"]))
	}
	if got, want := strings.Join(routes, "; "), "cart.shop circuit_breaker=<nil>; cart.staging circuit_breaker=true; api circuit_breaker=<nil>"; got != want {
		t.Errorf("routes %q, want %q", got, want)
	}
}
