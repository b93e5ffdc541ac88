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
	f := parseYAML(s.Name, s.Data, nil)
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
		if b := mapResource(res.typ, planRes{r, res}); b != nil {
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

// planRes is a resource of a plan as the mapping reads it.
type planRes struct {
	r   *planReader
	res *planResource
}

func (x planRes) name() string                                 { return x.res.name }
func (x planRes) def() topology.Pos                            { return x.r.f.pos(x.res.def) }
func (x planRes) integer(a string) (int64, topology.Pos, bool) { return x.r.integer(x.res, a) }
func (x planRes) boolean(a string) (bool, topology.Pos, bool)  { return x.r.boolean(x.res, a) }
func (x planRes) place(a string, subnets bool) place           { return x.r.zonesOf(x.res, a, subnets) }

func (x planRes) str(a string) (string, topology.Pos) {
	if s := x.r.str(x.res, a); s != "" {
		return s, x.r.f.pos(x.r.value(x.res, a))
	}
	return "", x.def()
}

func (x planRes) has(a string) (topology.Pos, bool) {
	if v := x.r.value(x.res, a); v != nil {
		return x.r.f.pos(v), true
	}
	return x.def(), false
}

// clusterInstances counts the instances of the aws_rds_cluster_instance
// resources whose cluster_identifier is the cluster's (its planned value,
// or a reference to the cluster in the configuration); at is the first
// one's object.
func (x planRes) clusterInstances() (n int64, at topology.Pos) {
	r, ident := x.r, x.r.str(x.res, "cluster_identifier")
	at = x.def()
	for _, inst := range r.res {
		if inst.typ != "aws_rds_cluster_instance" {
			continue
		}
		refs, _ := r.refs(inst, "cluster_identifier", "aws_rds_cluster")
		if !slices.Contains(refs, x.res) && (ident == "" || r.str(inst, "cluster_identifier") != ident) {
			continue
		}
		if n == 0 {
			at = r.f.pos(inst.def)
		}
		n += int64(len(inst.values))
	}
	return n, at
}

func (x planRes) subnetMappings() (int, topology.Pos) {
	v := x.r.value(x.res, "subnet_mapping")
	if m := x.r.f.items(v); len(m) > 0 {
		return len(m), x.r.f.pos(v)
	}
	return 0, x.def()
}

// count is the number of instances when there are several (count or
// for_each), at the resource's first object.
func (x planRes) count() (int64, topology.Pos, bool) {
	return int64(len(x.res.values)), x.def(), len(x.res.values) > 1
}

// subnetZone is the zone of the subnet whose id the value holds, or of
// the one subnet the configuration's expression refers to (an id still
// unknown).
func (x planRes) subnetZone(a string) (string, topology.Pos) {
	r := x.r
	if z := r.subnetZone(r.str(x.res, a)); z != "" {
		return z, r.f.pos(r.value(x.res, a))
	}
	if subs, e := r.refs(x.res, a, "aws_subnet"); len(subs) == 1 {
		return r.str(subs[0], "availability_zone"), r.f.pos(e)
	}
	return "", x.def()
}
