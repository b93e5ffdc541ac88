package imports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/testsupport/topopair"
	"github.com/nines-dev/nines/topology"
)

var composeShop = fixture{dir: "compose-shop", sources: []string{"compose.yaml"}, overlay: "shop.nines.hcl",
	handHCL: "compose-shop-hcl/shop.nines.hcl", read: Compose}

func readCompose(t *testing.T, src string) (*topology.Imported, topology.ErrorList) {
	t.Helper()
	return Compose([]Source{{Name: "compose.yaml", Data: []byte(src)}})
}

func TestComposeServices(t *testing.T) {
	src := `services:
  web:
    image: web
    deploy:
      replicas: 3
      placement:
        preferences:
          - spread: node.labels.zone
    depends_on:
      - api
      - api
    links:
      - "cache:redis"
      - api
  api:
    scale: 2
    labels:
      - "nines.dev/kind=service"
    depends_on:
      db:
        condition: service_healthy
      search:
        condition: service_started
        required: false
  db:
    labels:
      nines.dev/kind: database
  cache:
    deploy:
      mode: global
  search:
  sidecar:
    network_mode: service:web
    volumes_from:
      - search:ro
      - container:legacy
    deploy:
      replicas: ${SIDECARS:-2}
  batch:
    scale: ${BATCH}
`
	imp, errs := readCompose(t, src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := `service web @5:7 instances=3@5 spread=true@8
  call api @10:9
  call cache @13:9
service api @16:5 instances=2@16 spread=false@16
  call db @20:7
  call search @22:7 required=false@24
database db @25:3 spread=false@25
service cache @30:7 spread=false@30
service search @31:3 spread=false@31
service sidecar @38:7 instances=2@38 spread=false@38
  call search @35:9
  call web @33:19
service batch @39:3 spread=false@39
`
	if got := blocksText(imp); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestComposeErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"services:\n  web:\n    deploy:\n      replicas: three\n", "compose.yaml:4:17: deploy.replicas must be a whole number, not \"three\""},
		{"services:\n  web:\n    scale: [1]\n", "compose.yaml:3:12: scale must be a whole number, not a list"},
		{"services:\n  web:\n    scale: ${N:-many}\n", `compose.yaml:3:12: scale must be a whole number, not "many"`},
		{"services:\n  db:\n    labels:\n      nines.dev/kind: postgres\n", `compose.yaml:4:23: nines.dev/kind must be one of service, database, cache, queue, load_balancer, not "postgres"`},
		{"services:\n  db:\n    labels: [\"nines.dev/kind=external\"]\n", `compose.yaml:3:14: nines.dev/kind must be one of`},
		{"services:\n  web:\n    depends_on: api\n", "compose.yaml:3:17: depends_on must be a list of service names or a mapping of them, not \"api\""},
		{"services:\n  web:\n    depends_on:\n      - {api: x}\n", "compose.yaml:4:9: depends_on must list service names, not a mapping"},
		{"services:\n  web:\n    depends_on:\n      api:\n        required: maybe\n", `compose.yaml:5:19: depends_on.api.required must be true or false, not "maybe"`},
		{"services: [web]\n", "compose.yaml:1:11: services must be a mapping of service names to services, not a list"},
		{"services:\n  web: nginx\n", `compose.yaml:2:8: service "web" must be a mapping, not "nginx"`},
		{"services:\n  web:\n    image: [\n", "compose.yaml:3:1: invalid YAML: did not find expected node content"},
		{"services:\n  ? [a]\n  : {}\n", "compose.yaml:2:5: a service name must be a non-empty string"},
	} {
		_, errs := readCompose(t, tc.src)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant one error starting %q", tc.src, errs, tc.want)
		}
	}
	// A file without services (only networks, or empty) reads as nothing.
	for _, src := range []string{"", "services:\n", "networks:\n  front: {}\n", "# nothing\n"} {
		imp, errs := readCompose(t, src)
		if len(errs) > 0 || len(imp.Files) > 0 {
			t.Errorf("%q: got %v, %+v", src, errs, imp.Files)
		}
	}
}

// TestComposeAliasBomb: a billion laughs under labels and links costs
// its parse, and a depends_on of more aliases than the cap is an error
// where it crosses it.
func TestComposeAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "x%d: &x%d [*x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	b.WriteString("s: &s db\nservices:\n  web:\n    labels: *x9\n    links: *x9\n    depends_on: [")
	for range maxAliases {
		b.WriteString("*s, ")
	}
	b.WriteString("*s]\n")
	imp, errs := readCompose(t, b.String())
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "more than 10000 YAML aliases") {
		t.Fatalf("got %v", errs)
	}
	if n := len(imp.Files[0].Blocks[0].Blocks); n > 1 {
		t.Errorf("%d calls from the aliases", n)
	}
}

func TestIsCompose(t *testing.T) {
	for name, want := range map[string]bool{
		"compose.yaml": true, "deploy/compose.yml": true, "docker-compose.yml": true, "Docker-Compose.YAML": true,
		"compose.override.yaml": false, "shop.yaml": false, "compose.yaml.bak": false,
	} {
		if got := IsComposeName(name); got != want {
			t.Errorf("IsComposeName(%q) = %v", name, got)
		}
	}
	if !IsCompose([]byte("name: x\nservices:\n  web: {}\n")) || IsCompose([]byte(deployment)) || IsCompose([]byte("services: x\napiVersion: v1\nkind: List\n")) {
		t.Error("IsCompose misreads")
	}
}

// TestComposeShopSameAsHandWritten: compose-shop read from its compose.yaml
// and overlay, and the same shop written by hand (compose-shop-hcl), have
// the same components, calls, findings and availability.
func TestComposeShopSameAsHandWritten(t *testing.T) {
	composeShop.samePair(t)
}

// TestComposeShopFindingsAtComposeLines: cart's deploy.replicas: 1 on the
// checkout path is a single point of failure at that line; the database
// without a deploy section is one at its service name; the worker's calls
// without timeouts are at its depends_on and links entries.
func TestComposeShopFindingsAtComposeLines(t *testing.T) {
	fx := composeShop
	found := topopair.FindingsAt(fx.check(t))
	at := func(after, needle string, col int) topology.Pos {
		return fx.at(t, "compose.yaml", after, needle, col)
	}
	for key, want := range map[string]topology.Pos{
		"spof/single-instance cart":        at("  cart:", "replicas: 1", 7),
		"availability/slo-impossible cart": at("  cart:", "replicas: 1", 7),
		"spof/single-instance db":          at("  worker:", "  db:", 3),
		"timeout/missing worker->db":       at("  worker:", "- db", 9),
		"timeout/missing worker->cache":    at("  worker:", `- "cache:redis"`, 9),
		"retry/non-idempotent web->cart":   at("  web:", "cart:", 7),
	} {
		if got, ok := found[key]; !ok || got != want {
			t.Errorf("%s: at %v (found %v), want %v", key, got, ok, want)
		}
	}
	for _, key := range []string{"spof/single-instance web", "spof/single-zone web", "spof/single-instance search", "spof/single-instance worker"} {
		if p, ok := found[key]; ok {
			t.Errorf("unexpected finding %s at %v", key, p)
		}
	}
}

// TestComposeProfiles: a service only in profiles is not started by
// default, so it is no component; an optional dependency on it goes, a
// required one is an error at the dependency, as Compose refuses it.
func TestComposeProfiles(t *testing.T) {
	imp, errs := readCompose(t, `services:
  web:
    image: web
    depends_on:
      db:
        condition: service_started
      mailcatcher:
        condition: service_started
        required: false
  db:
    image: postgres
  mailcatcher:
    image: mailcatcher
    profiles: [dev-tools]
  debug:
    image: debug
    profiles: ["debug", "dev-tools"]
    depends_on: [db]
`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := "service web @2:3 spread=false@2\n  call db @5:7\nservice db @10:3 spread=false@10\n"
	if got := blocksText(imp); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	_, errs = readCompose(t, `services:
  web:
    image: web
    depends_on: [debug]
  debug:
    image: debug
    profiles: ["debug", "dev-tools"]
`)
	if len(errs) != 1 || errs[0].Error() != `compose.yaml:4:18: service "web" depends on "debug", which runs only in profiles "debug", "dev-tools": Compose leaves it out unless a profile is named, and refuses the dependency; give "debug" no profiles or make the dependency required: false` {
		t.Errorf("got %v", errs)
	}
}

// TestComposeExtends: a service takes from the service it extends in the
// same file what it does not set itself (deploy merged key by key, at the
// base's lines), not its dependencies; an unknown base and a cycle are
// errors at the extends.
func TestComposeExtends(t *testing.T) {
	imp, errs := readCompose(t, `x-note: bases below
services:
  base:
    image: app
    labels:
      nines.dev/kind: queue
    deploy:
      replicas: 3
      placement:
        preferences:
          - spread: node.labels.zone
    depends_on: [db]
  worker:
    extends: base
    deploy:
      mode: replicated
  api:
    extends:
      service: worker
    deploy:
      replicas: 2
  other:
    extends:
      file: common.yaml
      service: web
  db:
    image: postgres
`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := "queue base @8:7 instances=3@8 spread=true@11\n  call db @12:18\n" +
		"queue worker @8:7 instances=3@8 spread=true@11\n" +
		"queue api @21:7 instances=2@21 spread=true@11\n" +
		"service other @22:3 spread=false@22\n" +
		"service db @26:3 spread=false@26\n"
	if got := blocksText(imp); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for src, want := range map[string]string{
		"services:\n  a:\n    extends: nope\n":                                    `compose.yaml:3:14: service "a" extends unknown service "nope"`,
		"services:\n  a:\n    extends: b\n  b:\n    extends:\n      service: a\n": `compose.yaml:3:14: service "a": extends form a cycle: a -> b -> a`,
	} {
		_, errs := readCompose(t, src)
		if len(errs) == 0 || errs[0].Error() != want {
			t.Errorf("%q: got %v, want %s", src, errs, want)
		}
	}
}
