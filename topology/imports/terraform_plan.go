package imports

import (
	"bytes"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nines-dev/nines/topology"
)

// IsTerraformPlan reports whether src looks like the JSON that terraform
// show -json prints for a plan or a state: an object whose first keys
// include format_version and terraform_version.
func IsTerraformPlan(src []byte) bool {
	head := src[:min(len(src), 1024)]
	head = bytes.TrimLeft(head, " \t\r\n")
	return len(head) > 0 && head[0] == '{' &&
		bytes.Contains(head, []byte(`"format_version"`)) && bytes.Contains(head, []byte(`"terraform_version"`))
}

// planResource is one resource of a plan's planned_values (all instances of
// a count or for_each together), with the expressions of its
// configuration.
type planResource struct {
	typ, name, address string // address without the instance key
	module             string
	def                *yaml.Node   // the first instance's object
	values             []*yaml.Node // each instance's values
	exprs              *yaml.Node   // configuration expressions, or nil
}

// planReader reads one plan file.
type planReader struct {
	f      *yfile
	res    []*planResource
	byAddr map[string]*planResource
}

// terraformPlan reads the JSON of terraform show -json (JSON is YAML, so
// the YAML parser gives every value its line and column): the managed
// resources of planned_values, root module and child modules, mapped as
// the HCL reader maps them. Values the plan knows are read from
// planned_values; references a value cannot show yet (the id of a subnet
// still to be created) are followed through the configuration's
// expressions.
func terraformPlan(s Source) (*topology.ImportedFile, topology.ErrorList) {
	f := parseYAML(s.Name, s.Data)
	if len(f.errs) > 0 {
		return nil, f.errs
	}
	if len(f.docs) != 1 {
		return nil, topology.ErrorList{{Pos: topology.Pos{File: s.Name, Line: 1, Column: 1}, Message: "not the JSON of terraform show -json: one object expected"}}
	}
	root := f.docs[0]
	r := &planReader{f: f, byAddr: map[string]*planResource{}}
	mod := f.path(root, "planned_values", "root_module")
	if mod == nil {
		mod = f.path(root, "values", "root_module") // terraform show -json of a state
	}
	r.module(mod)
	r.configuration(f.path(root, "configuration", "root_module"), "")
	var blocks []*topology.Block
	for _, res := range r.res {
		var b *topology.Block
		switch res.typ {
		case "aws_db_instance":
			b = r.dbInstance(res)
		case "aws_rds_cluster":
			b = r.rdsCluster(res)
		case "aws_elasticache_replication_group":
			b = r.replicationGroup(res)
		case "aws_autoscaling_group":
			b = r.autoscalingGroup(res)
		case "aws_lb", "aws_alb":
			b = r.loadBalancer(res)
		case "aws_instance":
			b = r.instance(res)
		}
		if b != nil {
			blocks = append(blocks, b)
		}
	}
	if len(f.errs) > 0 {
		return nil, f.errs
	}
	return &topology.ImportedFile{Name: s.Name, Lines: f.lines, Blocks: blocks}, nil
}

// module adds the managed resources of a planned_values module and its
// child modules, in the order of the file.
func (r *planReader) module(m *yaml.Node) {
	f := r.f
	mod := f.str(f.path(m, "address"))
	for _, n := range f.items(f.path(m, "resources")) {
		if f.str(f.path(n, "mode")) != "managed" {
			continue
		}
		typ, name := f.str(f.path(n, "type")), f.str(f.path(n, "name"))
		addr := typ + "." + name
		if mod != "" {
			addr = mod + "." + addr
		}
		res := r.byAddr[addr]
		if res == nil {
			res = &planResource{typ: typ, name: name, address: addr, module: mod, def: n}
			r.byAddr[addr] = res
			r.res = append(r.res, res)
		}
		res.values = append(res.values, f.path(n, "values"))
	}
	for _, c := range f.items(f.path(m, "child_modules")) {
		r.module(c)
	}
}

// configuration attaches the expressions of the configuration's resources
// (module_calls hold the child modules' configuration).
func (r *planReader) configuration(m *yaml.Node, mod string) {
	f := r.f
	for _, n := range f.items(f.path(m, "resources")) {
		addr := f.str(f.path(n, "address"))
		if mod != "" {
			addr = mod + "." + addr
		}
		if res := r.byAddr[addr]; res != nil {
			res.exprs = f.path(n, "expressions")
		}
	}
	calls := f.deref(f.path(m, "module_calls"))
	if calls == nil || calls.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(calls.Content); i += 2 {
		name := calls.Content[i].Value
		sub := "module." + name
		if mod != "" {
			sub = mod + "." + sub
		}
		r.configuration(f.path(calls.Content[i+1], "module"), sub)
	}
}

// value is attribute name of the resource's first instance, nil when
// absent or null (unknown until applied, or unset).
func (r *planReader) value(res *planResource, name string) *yaml.Node {
	if len(res.values) == 0 {
		return nil
	}
	v := r.f.path(res.values[0], name)
	if v == nil || v.Tag == "!!null" {
		return nil
	}
	return v
}

func (r *planReader) str(res *planResource, name string) string {
	if v := r.value(res, name); v != nil && v.Kind == yaml.ScalarNode && v.Tag == "!!str" {
		return v.Value
	}
	return ""
}

func (r *planReader) integer(res *planResource, name string) (int64, topology.Pos, bool) {
	v := r.value(res, name)
	if v == nil {
		return 0, r.f.pos(res.def), false
	}
	n, ok := r.f.integer(v, res.address+": "+name)
	return n, r.f.pos(v), ok
}

func (r *planReader) boolean(res *planResource, name string) (bool, topology.Pos, bool) {
	v := r.value(res, name)
	if v == nil {
		return false, r.f.pos(res.def), false
	}
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		r.f.errorf(v, "%s: %s must be true or false, not %s", res.address, name, describe(v))
		return false, r.f.pos(v), false
	}
	return v.Value == "true", r.f.pos(v), true
}

// refs are the resources of type typ that the configuration's expression
// for attribute name refers to, in order, once each.
func (r *planReader) refs(res *planResource, name, typ string) ([]*planResource, *yaml.Node) {
	e := r.f.path(res.exprs, name)
	var out []*planResource
	for _, ref := range r.f.items(r.f.path(e, "references")) {
		s := r.f.str(ref)
		if !strings.HasPrefix(s, typ+".") || strings.Count(s, ".") != 1 {
			continue // aws_subnet.a.id comes with aws_subnet.a
		}
		addr := s
		if res.module != "" {
			addr = res.module + "." + s
		}
		if t := r.byAddr[addr]; t != nil && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, e
}

// zonesOf is where a list of subnets (or, with subnets false, of zone
// names) places a component: the subnets' or the names' zones when every
// entry has one, else as many entries as there are.
func (r *planReader) zonesOf(res *planResource, name string, subnets bool) place {
	f := r.f
	p := place{entries: -1, at: f.pos(res.def)}
	if v := r.value(res, name); v != nil && v.Kind == yaml.SequenceNode {
		items := f.items(v)
		p.entries, p.at = len(items), f.pos(v)
		for _, it := range items {
			zone := f.str(it)
			if subnets {
				zone = r.subnetZone(zone)
			}
			if zone == "" {
				p.zones = nil
				return p
			}
			if !slices.Contains(p.zones, zone) {
				p.zones = append(p.zones, zone)
			}
		}
		return p
	}
	if !subnets {
		return p
	}
	// Subnets still to be created: their ids are unknown, the
	// configuration says which they are.
	subs, e := r.refs(res, name, "aws_subnet")
	if len(subs) == 0 {
		return p
	}
	p.entries, p.at = len(subs), f.pos(e)
	for _, s := range subs {
		zone := r.str(s, "availability_zone")
		if zone == "" {
			p.zones = nil
			return p
		}
		if !slices.Contains(p.zones, zone) {
			p.zones = append(p.zones, zone)
		}
	}
	return p
}

// subnetZone is the zone of the aws_subnet whose id is id ("" when no
// subnet of the plan has it).
func (r *planReader) subnetZone(id string) string {
	for _, res := range r.res {
		if res.typ == "aws_subnet" && id != "" && r.str(res, "id") == id {
			return r.str(res, "availability_zone")
		}
	}
	return ""
}

func (r *planReader) component(res *planResource, kind string) *topology.Block {
	return &topology.Block{Type: kind, Name: res.name, Pos: r.f.pos(res.def)}
}

func (r *planReader) engine(b *topology.Block, res *planResource) {
	if v := r.value(res, "engine"); v != nil && r.str(res, "engine") != "" {
		setAttr(b, "engine", v.Value, r.f.pos(v))
	}
}

func (r *planReader) zone(b *topology.Block, res *planResource, name string) bool {
	if z := r.str(res, name); z != "" {
		b.Spread = &topology.Spread{Zones: []string{z}, Pos: r.f.pos(r.value(res, name))}
		return true
	}
	return false
}

func (r *planReader) dbInstance(res *planResource) *topology.Block {
	b := r.component(res, topology.KindDatabase)
	r.engine(b, res)
	multi, at, ok := r.boolean(res, "multi_az")
	if ok && multi {
		instances(b, 2, at)
		setAttr(b, "mode", "active-passive", at)
		setAttr(b, "replication", "sync", at)
		b.Spread = &topology.Spread{Over: true, Pos: at}
		return b
	}
	if ok {
		instances(b, 1, at)
	}
	b.Spread = &topology.Spread{Pos: b.Pos}
	r.zone(b, res, "availability_zone")
	return b
}

// rdsCluster counts the instances of the aws_rds_cluster_instance
// resources whose cluster_identifier is the cluster's (its value, or a
// reference to it in the configuration).
func (r *planReader) rdsCluster(res *planResource) *topology.Block {
	b := r.component(res, topology.KindDatabase)
	r.engine(b, res)
	ident := r.str(res, "cluster_identifier")
	var n int64
	at := b.Pos
	for _, inst := range r.res {
		if inst.typ != "aws_rds_cluster_instance" {
			continue
		}
		refs, _ := r.refs(inst, "cluster_identifier", "aws_rds_cluster")
		if !slices.Contains(refs, res) && (ident == "" || r.str(inst, "cluster_identifier") != ident) {
			continue
		}
		if n == 0 {
			at = r.f.pos(inst.def)
		}
		n += int64(len(inst.values))
	}
	if n == 0 {
		if v := r.value(res, "db_cluster_instance_class"); v != nil {
			n, at = 3, r.f.pos(v)
		}
	}
	if n > 0 {
		instances(b, n, at)
	}
	if n >= 2 {
		setAttr(b, "mode", "active-passive", at)
	}
	p := r.zonesOf(res, "availability_zones", false)
	if len(p.zones) == 0 {
		b.Spread = &topology.Spread{Over: n >= 2, Pos: b.Pos}
		return b
	}
	p.apply(b)
	return b
}

func (r *planReader) replicationGroup(res *planResource) *topology.Block {
	b := r.component(res, topology.KindCache)
	r.engine(b, res)
	n, at, ok := r.integer(res, "num_cache_clusters")
	if !ok {
		n, at, ok = r.integer(res, "number_cache_clusters")
	}
	if !ok {
		if k, kat, kok := r.integer(res, "replicas_per_node_group"); kok {
			n, at, ok = k+1, kat, true
		}
	}
	if ok {
		instances(b, n, at)
	}
	if ok && n >= 2 {
		auto, fat, fok := r.boolean(res, "automatic_failover_enabled")
		if !fok {
			fat = at
		}
		setAttr(b, "mode", "active-passive", fat)
		setAttr(b, "replication", "async", at)
		if !auto {
			setAttr(b, "failover", "manual", fat)
		}
	}
	if p := r.zonesOf(res, "preferred_cache_cluster_azs", false); len(p.zones) > 0 {
		p.apply(b)
		return b
	}
	multi, mat, _ := r.boolean(res, "multi_az_enabled")
	if !multi {
		mat = b.Pos
	}
	b.Spread = &topology.Spread{Over: multi, Pos: mat}
	return b
}

func (r *planReader) autoscalingGroup(res *planResource) *topology.Block {
	b := r.component(res, topology.KindService)
	if n, at, ok := r.integer(res, "min_size"); ok {
		instances(b, n, at)
	}
	p := r.zonesOf(res, "vpc_zone_identifier", true)
	if p.entries < 0 {
		p = r.zonesOf(res, "availability_zones", false)
	}
	p.apply(b)
	return b
}

func (r *planReader) loadBalancer(res *planResource) *topology.Block {
	b := r.component(res, topology.KindLoadBalancer)
	p := r.zonesOf(res, "subnets", true)
	if p.entries <= 0 {
		if m := r.f.items(r.value(res, "subnet_mapping")); len(m) > 0 {
			p = place{entries: len(m), at: r.f.pos(r.value(res, "subnet_mapping"))}
		}
	}
	if p.entries <= 0 {
		if typ := r.str(res, "load_balancer_type"); typ == "" || typ == "application" {
			p.entries = 2
		}
	}
	if p.entries > 0 {
		instances(b, int64(p.entries), p.at)
	}
	p.apply(b)
	return b
}

// instance: one EC2 instance per instance of the resource (count or
// for_each), in the zone of its availability_zone or subnet.
func (r *planReader) instance(res *planResource) *topology.Block {
	b := r.component(res, topology.KindService)
	if len(res.values) > 1 {
		instances(b, int64(len(res.values)), b.Pos)
	}
	b.Spread = &topology.Spread{Pos: b.Pos}
	if r.zone(b, res, "availability_zone") {
		return b
	}
	if z := r.subnetZone(r.str(res, "subnet_id")); z != "" {
		b.Spread = &topology.Spread{Zones: []string{z}, Pos: r.f.pos(r.value(res, "subnet_id"))}
	} else if subs, e := r.refs(res, "subnet_id", "aws_subnet"); len(subs) == 1 && r.str(subs[0], "availability_zone") != "" {
		b.Spread = &topology.Spread{Zones: []string{r.str(subs[0], "availability_zone")}, Pos: r.f.pos(e)}
	}
	return b
}
