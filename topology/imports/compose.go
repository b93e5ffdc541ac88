package imports

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
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
		f := parseYAML(s.Name, s.Data, nil)
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
			p := f.composeProject(services)
			for i := 0; i+1 < len(services.Content); i += 2 {
				key := services.Content[i]
				if p.inactive[key.Value] != nil {
					continue // only in profiles, none active by default
				}
				if b := f.composeService(key, p.extended(key.Value, services.Content[i+1])); b != nil {
					p.dropInactive(b)
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

// composeProject is what the services of one file say about each other:
// which are in profiles only (not started unless a profile is named,
// which the file does not do), and the services extends names.
type composeProject struct {
	f        *yfile
	byName   map[string]*yaml.Node // the service mappings
	inactive map[string]*yaml.Node // services only in profiles: their profiles node
}

func (f *yfile) composeProject(services *yaml.Node) *composeProject {
	p := &composeProject{f: f, byName: map[string]*yaml.Node{}, inactive: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(services.Content); i += 2 {
		name, svc := services.Content[i].Value, f.deref(services.Content[i+1])
		p.byName[name] = svc
		if prof := f.path(svc, "profiles"); len(f.items(prof)) > 0 {
			p.inactive[name] = prof
		}
	}
	return p
}

// dropInactive takes out of b the calls into services only in profiles:
// an optional one (depends_on with required: false) goes, as the service
// is absent; a required one is an error, as Compose refuses a reference
// to a service its profiles leave out.
func (p *composeProject) dropInactive(b *topology.Block) {
	kept := b.Blocks[:0]
	for _, c := range b.Blocks {
		prof := p.inactive[c.Name]
		if prof == nil {
			kept = append(kept, c)
			continue
		}
		if req, set := c.Attrs["required"]; !set || req != false {
			p.f.errs = append(p.f.errs, &topology.Error{Pos: c.Pos, Message: fmt.Sprintf(
				"service %q depends on %q, which runs only in profiles %s: Compose leaves it out unless a profile is named, and refuses the dependency; give %q no profiles or make the dependency required: false",
				b.Name, c.Name, p.profileNames(prof), c.Name)})
			continue
		}
	}
	b.Blocks = kept
}

func (p *composeProject) profileNames(prof *yaml.Node) string {
	var names []string
	for _, it := range p.f.items(prof) {
		names = append(names, strconv.Quote(p.f.str(it)))
	}
	return strings.Join(names, ", ")
}

// notInherited are the keys a service does not take from the service it
// extends: its dependencies (Compose refuses a base that has them) and
// its own extends and profiles.
var notInherited = []string{"depends_on", "links", "volumes_from", "network_mode", "extends", "profiles"}

// extended is svc with what it inherits through extends from a service of
// the same file (extends: NAME, or extends: {service: NAME} without
// file): the base's keys it does not set, mappings merged key by key,
// followed through bases that extend others. A base in another file is
// not read; an unknown base or a cycle is an error at the extends.
func (p *composeProject) extended(name string, svc *yaml.Node) *yaml.Node {
	f := p.f
	svc = f.deref(svc)
	seen := map[string]bool{name: true}
	chain := []string{name}
	first, _ := f.get(svc, "extends")
	out := svc
	for cur := svc; ; {
		ext, _ := f.get(cur, "extends")
		if ext == nil {
			return out
		}
		base := f.str(ext)
		if ext.Kind == yaml.MappingNode {
			if file, _ := f.get(ext, "file"); file != nil {
				return out // another file: not read
			}
			base = f.str(f.path(ext, "service"))
		}
		next := p.byName[base]
		switch {
		case next == nil:
			f.errorf(ext, "service %q extends unknown service %q", name, base)
			return out
		case seen[base]:
			f.errorf(first, "service %q: extends form a cycle: %s -> %s", name, strings.Join(chain, " -> "), base)
			return out
		}
		seen[base] = true
		chain = append(chain, base)
		out = merge(out, next, true)
		cur = next
	}
}

// merge is over with the keys of under it lacks (recursively for
// mappings on both sides), keeping over's nodes and positions; at the top
// of a service, without the keys it does not inherit.
func merge(over, under *yaml.Node, top bool) *yaml.Node {
	if under == nil || under.Kind != yaml.MappingNode {
		return over
	}
	if over == nil || over.Kind != yaml.MappingNode {
		return over
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: over.Tag, Line: over.Line, Column: over.Column}
	m.Content = append(m.Content, over.Content...)
	for i := 0; i+1 < len(under.Content); i += 2 {
		k, v := under.Content[i], under.Content[i+1]
		if top && slices.Contains(notInherited, k.Value) {
			continue
		}
		j := -1
		for o := 0; o+1 < len(over.Content); o += 2 {
			if over.Content[o].Value == k.Value {
				j = o
				break
			}
		}
		if j < 0 {
			m.Content = append(m.Content, k, v)
		} else {
			m.Content[j+1] = merge(over.Content[j+1], v, false)
		}
	}
	return m
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
