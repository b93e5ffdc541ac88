package imports

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nines-dev/nines/topology"
)

// composeNames are the file names docker compose looks for in a project
// directory, in its order of preference.
var composeNames = []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}

// IsComposeName reports whether a file is a Compose file by its name
// (one of the names docker compose finds without -f).
func IsComposeName(name string) bool {
	return slices.Contains(composeNames, strings.ToLower(path.Base(name)))
}

var composeServices = regexp.MustCompile(`(?m)^services:`)

// IsCompose reports whether src looks like a Compose file: a top-level
// services key, and not Kubernetes manifests.
func IsCompose(src []byte) bool {
	return composeServices.Match(src) && !IsKubernetes(src)
}

// Compose reads Compose files (each its own project) into topology
// blocks: one component per service, with its deploy.replicas as
// instances and its depends_on (and links) as required calls. Other
// top-level keys are ignored. Errors are at the YAML node they concern.
func Compose(srcs []Source) (*topology.Imported, topology.ErrorList) {
	imp := &topology.Imported{}
	var errs topology.ErrorList
	for _, s := range srcs {
		f := parseYAML(s.Name, s.Data)
		var blocks []*topology.Block
		for _, d := range f.docs {
			services, _ := f.get(d, "services")
			if services == nil {
				continue
			}
			if services.Kind != yaml.MappingNode {
				if services.Kind != yaml.ScalarNode || services.Tag != "!!null" {
					f.errorf(services, "services must be a mapping of service names to services, not %s", describe(services))
				}
				continue
			}
			for i := 0; i+1 < len(services.Content); i += 2 {
				if b := f.composeService(services.Content[i], services.Content[i+1]); b != nil {
					blocks = append(blocks, b)
				}
			}
		}
		errs = append(errs, f.errs...)
		if len(blocks) > 0 {
			imp.Files = append(imp.Files, &topology.ImportedFile{Name: f.name, Lines: f.lines, Blocks: blocks})
		}
	}
	return imp, errs
}

// composeService reads one service: its kind label, replicas, placement
// and dependencies.
func (f *yfile) composeService(key, svc *yaml.Node) *topology.Block {
	name := key.Value
	if key.Kind != yaml.ScalarNode || name == "" {
		f.errorf(key, "a service name must be a non-empty string")
		return nil
	}
	svc = f.deref(svc)
	if svc != nil && svc.Kind != yaml.MappingNode && svc.Tag != "!!null" {
		f.errorf(svc, "service %q must be a mapping, not %s", name, describe(svc))
		return nil
	}
	b := &topology.Block{Type: f.componentKind(f.composeLabel(svc, KindAnnotation)), Name: name, Pos: f.pos(key)}
	deploy := f.path(svc, "deploy")
	// The component is where its instances are said: deploy.replicas,
	// else scale (the older spelling), else the service's name.
	v, k := f.get(deploy, "replicas")
	what := "deploy.replicas"
	if v == nil {
		v, k = f.get(svc, "scale")
		what = "scale"
	}
	v = f.interpolated(v)
	if v != nil {
		if n, ok := f.integer(v, what); ok {
			b.Pos = f.pos(k)
			setAttr(b, "instances", n, f.pos(k))
		}
	} else if mode, k := f.get(deploy, "mode"); f.str(mode) == "global" {
		// One container per node of the swarm, a number the file does
		// not hold: the overlay states it.
		b.Pos = f.pos(k)
	}
	// A single host runs them all, unless a swarm spreads the replicas
	// over the nodes' zone label.
	b.Spread = &topology.Spread{Pos: b.Pos}
	for _, p := range f.items(f.path(deploy, "placement", "preferences")) {
		if v, k := f.get(p, "spread"); strings.HasPrefix(f.str(v), "node.labels.") && strings.Contains(f.str(v), "zone") {
			b.Spread = &topology.Spread{Over: true, Pos: f.pos(k)}
			break
		}
	}
	f.composeDependencies(b, svc)
	return b
}

// composeLabel is the value node of a service label, in either of the
// forms Compose takes (a mapping, or a list of KEY=VALUE); nil when
// absent.
func (f *yfile) composeLabel(svc *yaml.Node, label string) *yaml.Node {
	labels := f.path(svc, "labels")
	if labels == nil {
		return nil
	}
	if labels.Kind == yaml.MappingNode {
		v, _ := f.get(labels, label)
		return v
	}
	for _, it := range f.items(labels) {
		if v, ok := strings.CutPrefix(f.str(it), label+"="); ok {
			return &yaml.Node{Kind: yaml.ScalarNode, Value: v, Line: it.Line, Column: it.Column}
		}
	}
	return nil
}

// composeDependencies makes a call of every service the service depends
// on: depends_on in its short form (a list of names) or long form (a
// mapping of names to conditions, where required: false makes the call
// optional), and the legacy links (SERVICE or SERVICE:ALIAS), which
// Compose reads as dependencies too. A service named twice is one call,
// the first. Compose orders services by volumes_from and network_mode:
// service:NAME as well, so those are calls too.
func (f *yfile) composeDependencies(b *topology.Block, svc *yaml.Node) {
	add := func(target string, at *yaml.Node) *topology.Block {
		if target == "" || slices.ContainsFunc(b.Blocks, func(c *topology.Block) bool { return c.Name == target }) {
			return nil
		}
		c := &topology.Block{Type: "call", Name: target, Pos: f.pos(at)}
		b.Blocks = append(b.Blocks, c)
		return c
	}
	deps := f.path(svc, "depends_on")
	switch {
	case deps == nil:
	case deps.Kind == yaml.SequenceNode:
		for _, it := range f.items(deps) {
			if it.Kind != yaml.ScalarNode {
				f.errorf(it, "depends_on must list service names, not %s", describe(it))
				break
			}
			add(it.Value, it)
		}
	case deps.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(deps.Content); i += 2 {
			k := deps.Content[i]
			c := add(k.Value, k)
			if c == nil {
				continue
			}
			if v, rk := f.get(deps.Content[i+1], "required"); v != nil {
				var req bool
				if v.Kind != yaml.ScalarNode || v.Decode(&req) != nil {
					f.errorf(v, "depends_on.%s.required must be true or false, not %s", k.Value, describe(v))
					continue
				}
				setAttr(c, "required", req, f.pos(rk))
			}
		}
	default:
		f.errorf(deps, "depends_on must be a list of service names or a mapping of them, not %s", describe(deps))
	}
	for _, it := range f.items(f.path(svc, "links")) {
		target, _, _ := strings.Cut(f.str(it), ":")
		add(target, it)
	}
	for _, it := range f.items(f.path(svc, "volumes_from")) {
		if v := f.str(it); !strings.HasPrefix(v, "container:") {
			target, _, _ := strings.Cut(v, ":")
			add(target, it)
		}
	}
	if v, _ := f.get(svc, "network_mode"); strings.HasPrefix(f.str(v), "service:") {
		add(strings.TrimPrefix(f.str(v), "service:"), v)
	}
}

var interpolation = regexp.MustCompile(`^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}$`)

// interpolated is a scalar whose whole value is a variable, ${NAME:-DEFAULT}
// or ${NAME-DEFAULT}, read as its default (what Compose uses when NAME is
// not set), and nil for a variable without one (its value is not in the
// file); other nodes are returned as they are.
func (f *yfile) interpolated(n *yaml.Node) *yaml.Node {
	if n == nil || n.Kind != yaml.ScalarNode || !strings.HasPrefix(n.Value, "${") {
		return n
	}
	m := interpolation.FindStringSubmatch(n.Value)
	if m == nil || m[1] == "" {
		return nil
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: m[1], Line: n.Line, Column: n.Column}
}
