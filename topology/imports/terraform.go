package imports

import (
	"fmt"
	"math/big"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/nines-dev/nines/internal/hclschema"
	"github.com/nines-dev/nines/topology"
)

// IsTerraform reports whether a file is Terraform by its name: the native
// syntax, *.tf (the JSON syntax, *.tf.json, is not read).
func IsTerraform(name string) bool {
	return strings.EqualFold(path.Ext(name), ".tf")
}

// Limits of one Terraform file, checked before it is parsed, as the
// topology loader checks its own HCL.
var terraformLimits = hclschema.ScanLimits{
	MaxDepth:       topology.DefaultLimits.MaxDepth,
	MaxListItems:   topology.DefaultLimits.MaxListItems,
	MaxStringBytes: topology.DefaultLimits.MaxStringBytes,
	MaxBraces:      topology.DefaultLimits.MaxBlocks,
}

// tfResource is one resource block.
type tfResource struct {
	typ, name string
	file      string
	body      *hclsyntax.Body
	def       topology.Pos
}

// tfReader holds the resources of every file and what reading them found.
type tfReader struct {
	res  []*tfResource
	byID map[string]*tfResource // "TYPE.NAME"
	errs topology.ErrorList
}

// Terraform reads Terraform configurations (the resource blocks of every
// file, as one module) into topology blocks: one component per AWS
// resource that runs something — aws_db_instance, aws_rds_cluster with
// its aws_rds_cluster_instance resources, aws_elasticache_replication_group,
// aws_autoscaling_group, aws_lb (aws_alb) and aws_instance — named by the
// resource's name, each fact at its HCL attribute. Nothing is evaluated:
// an attribute that is not a literal (a variable, a reference, a function
// call) is taken as absent. Other resources, data sources, modules and
// variables are ignored.
func Terraform(srcs []Source) (*topology.Imported, topology.ErrorList) {
	r := &tfReader{byID: map[string]*tfResource{}}
	lines := map[string][]int{}
	plans := map[string]*topology.ImportedFile{}
	for _, s := range srcs {
		if IsTerraformPlan(s.Data) {
			f, errs := terraformPlan(s)
			r.errs = append(r.errs, errs...)
			if f != nil {
				plans[s.Name] = f
			}
			continue
		}
		if r.parse(s) {
			lines[s.Name] = topology.LineLengths(s.Data)
		}
	}
	blocks := map[string][]*topology.Block{}
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
			blocks[res.file] = append(blocks[res.file], b)
		}
	}
	imp := &topology.Imported{}
	for _, s := range srcs {
		if f := plans[s.Name]; f != nil && len(f.Blocks) > 0 {
			imp.Files = append(imp.Files, f)
		}
		if bs := blocks[s.Name]; len(bs) > 0 {
			imp.Files = append(imp.Files, &topology.ImportedFile{Name: s.Name, Lines: lines[s.Name], Blocks: bs})
		}
	}
	return imp, r.errs
}

// parse reads one file's resource blocks; a file over the limits or that
// does not parse is an error at its position.
func (r *tfReader) parse(s Source) bool {
	if p, problem, _ := hclschema.Scan(s.Data, terraformLimits); problem != "" {
		r.errs = append(r.errs, &topology.Error{Pos: topology.Pos{File: s.Name, Line: p.Line, Column: p.Column},
			Message: problem + ": the limit keeps a file from exhausting memory before it is parsed"})
		return false
	}
	f, ds := hclsyntax.ParseConfig(s.Data, s.Name, hcl.InitialPos)
	if ds.HasErrors() || f == nil {
		for _, e := range hclschema.FromDiagnostics(s.Name, ds) {
			r.errs = append(r.errs, &topology.Error{Pos: topology.Pos(e.Pos), Message: e.Message})
		}
		return false
	}
	body, _ := f.Body.(*hclsyntax.Body)
	if body == nil {
		return false
	}
	for _, blk := range body.Blocks {
		if blk.Type != "resource" || len(blk.Labels) != 2 {
			continue
		}
		res := &tfResource{typ: blk.Labels[0], name: blk.Labels[1], file: s.Name, body: blk.Body, def: hclPos(blk.DefRange())}
		id := res.typ + "." + res.name
		if _, dup := r.byID[id]; dup {
			continue // terraform refuses it; the first is read
		}
		// count = 0 is the usual way to switch a resource off.
		if v, _, ok := r.literal(res, "count"); ok && v.Type() == cty.Number && v.Equals(cty.Zero).True() {
			continue
		}
		r.byID[id] = res
		r.res = append(r.res, res)
	}
	return true
}

func hclPos(rng hcl.Range) topology.Pos {
	return topology.Pos{File: rng.Filename, Line: rng.Start.Line, Column: rng.Start.Column}
}

func (r *tfReader) errorf(p topology.Pos, format string, args ...any) {
	r.errs = append(r.errs, &topology.Error{Pos: p, Message: fmt.Sprintf(format, args...)})
}

// literal is the value of attribute name of res when it is a literal
// (evaluates without variables or functions to a known value), and where
// the attribute is; ok is false when it is absent or not a literal.
func (r *tfReader) literal(res *tfResource, name string) (v cty.Value, at topology.Pos, ok bool) {
	a := res.body.Attributes[name]
	if a == nil {
		return cty.NilVal, res.def, false
	}
	at = hclPos(a.SrcRange)
	v, ds := a.Expr.Value(nil)
	if ds.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
		return cty.NilVal, at, false
	}
	return v, at, true
}

// integer is a literal whole number; a literal of another kind is an
// error at the attribute.
func (r *tfReader) integer(res *tfResource, name string) (int64, topology.Pos, bool) {
	v, at, ok := r.literal(res, name)
	if !ok {
		return 0, at, false
	}
	n, err := convert.Convert(v, cty.Number)
	if err == nil {
		if i, acc := n.AsBigFloat().Int64(); acc == big.Exact {
			return i, at, true
		}
	}
	r.errorf(at, "%s.%s: %s must be a whole number", res.typ, res.name, name)
	return 0, at, false
}

// boolean is a literal true or false; a literal of another kind is an
// error at the attribute.
func (r *tfReader) boolean(res *tfResource, name string) (val bool, at topology.Pos, ok bool) {
	v, at, ok := r.literal(res, name)
	if !ok {
		return false, at, false
	}
	b, err := convert.Convert(v, cty.Bool)
	if err != nil {
		r.errorf(at, "%s.%s: %s must be true or false", res.typ, res.name, name)
		return false, at, false
	}
	return b.True(), at, true
}

// str is a literal string ("" otherwise).
func (r *tfReader) str(res *tfResource, name string) string {
	v, _, ok := r.literal(res, name)
	if !ok || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// place is where a list of subnets or zones puts a component: the zones
// it names when each entry is a zone name or a subnet of this
// configuration with a literal availability_zone, else spread when it
// has two entries or more (subnets of one zone are rarely listed twice)
// and in one zone with one; nothing is known of an expression that is
// not a list (a variable, a module's output).
type place struct {
	zones   []string
	entries int // -1: unknown
	at      topology.Pos
}

func (r *tfReader) placeOf(res *tfResource, name string, subnets bool) place {
	a := res.body.Attributes[name]
	if a == nil {
		return place{entries: -1, at: res.def}
	}
	p := place{entries: -1, at: hclPos(a.SrcRange)}
	var exprs []hclsyntax.Expression
	switch e := a.Expr.(type) {
	case *hclsyntax.TupleConsExpr:
		exprs = e.Exprs
	case *hclsyntax.SplatExpr:
		// aws_subnet.private[*].id: as many as the subnet's count.
		if t, ok := e.Source.(*hclsyntax.ScopeTraversalExpr); ok && len(t.Traversal) >= 2 {
			if sub := r.referenced(t.Traversal, "aws_subnet"); sub != nil {
				if n, _, ok := r.integer(sub, "count"); ok {
					p.entries = int(n)
				}
			}
		}
		return p
	default:
		return p
	}
	p.entries = len(exprs)
	for _, e := range exprs {
		zone := ""
		if v, ds := e.Value(nil); !ds.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() && !subnets {
			zone = v.AsString()
		} else if t, ok := e.(*hclsyntax.ScopeTraversalExpr); ok && subnets {
			if sub := r.referenced(t.Traversal, "aws_subnet"); sub != nil {
				zone = r.str(sub, "availability_zone")
			}
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

// referenced is the resource of type typ a traversal (typ.NAME.attr…)
// refers to, nil when it refers to something else.
func (r *tfReader) referenced(t hcl.Traversal, typ string) *tfResource {
	if len(t) < 2 || t.RootName() != typ {
		return nil
	}
	name, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		return nil
	}
	return r.byID[typ+"."+name.Name]
}

// apply places a component: in the zones named, else spread or not by
// the number of entries.
func (p place) apply(b *topology.Block) {
	switch {
	case len(p.zones) > 0:
		b.Spread = &topology.Spread{Zones: p.zones, Pos: p.at}
	case p.entries >= 2:
		b.Spread = &topology.Spread{Over: true, Pos: p.at}
	case p.entries >= 0:
		b.Spread = &topology.Spread{Pos: p.at}
	}
}

// component is the block of a resource, at def until its instances are
// known.
func component(res *tfResource, kind string) *topology.Block {
	return &topology.Block{Type: kind, Name: res.name, Pos: res.def}
}

// instances sets the instance count and moves the component to where it
// is said.
func instances(b *topology.Block, n int64, at topology.Pos) {
	b.Pos = at
	setAttr(b, "instances", n, at)
}

func (r *tfReader) engine(b *topology.Block, res *tfResource) {
	if e := r.str(res, "engine"); e != "" {
		_, at, _ := r.literal(res, "engine")
		setAttr(b, "engine", e, at)
	}
}

// dbInstance: a Multi-AZ deployment is a primary and a standby in another
// zone, replicated synchronously, failing over automatically; without it,
// one instance in one zone.
func (r *tfReader) dbInstance(res *tfResource) *topology.Block {
	b := component(res, topology.KindDatabase)
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
	if z := r.str(res, "availability_zone"); z != "" {
		_, zat, _ := r.literal(res, "availability_zone")
		b.Spread = &topology.Spread{Zones: []string{z}, Pos: zat}
	}
	return b
}

// rdsCluster: an Aurora cluster has the instances of the
// aws_rds_cluster_instance resources naming it in cluster_identifier (a
// reference to the cluster, or its literal identifier), each counted
// count times; one of them writes, a reader takes over when it fails. A
// Multi-AZ DB cluster (db_cluster_instance_class, no instance resources)
// is a writer and two readers in three zones.
func (r *tfReader) rdsCluster(res *tfResource) *topology.Block {
	b := component(res, topology.KindDatabase)
	r.engine(b, res)
	ident := r.str(res, "cluster_identifier")
	var n int64
	at := res.def
	for _, inst := range r.res {
		if inst.typ != "aws_rds_cluster_instance" || !r.names(inst, "cluster_identifier", res, ident) {
			continue
		}
		k := int64(1)
		where := inst.def
		if c, cat, ok := r.integer(inst, "count"); ok {
			k, where = c, cat
		}
		if n == 0 {
			at = where
		}
		n += k
	}
	if n == 0 {
		if _, cat, ok := r.literal(res, "db_cluster_instance_class"); ok {
			n, at = 3, cat
		}
	}
	if n > 0 {
		instances(b, n, at)
	}
	if n >= 2 {
		setAttr(b, "mode", "active-passive", at)
	}
	p := r.placeOf(res, "availability_zones", false)
	if len(p.zones) == 0 {
		b.Spread = &topology.Spread{Over: n >= 2, Pos: b.Pos}
		return b
	}
	p.apply(b)
	return b
}

// names reports whether attribute attr of res refers to the resource
// target (TYPE.NAME.…) or is the literal ident.
func (r *tfReader) names(res *tfResource, attr string, target *tfResource, ident string) bool {
	a := res.body.Attributes[attr]
	if a == nil {
		return false
	}
	if t, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr); ok {
		return r.referenced(t.Traversal, target.typ) == target
	}
	return ident != "" && r.str(res, attr) == ident
}

// replicationGroup: num_cache_clusters nodes (or, with shards, each
// shard's primary and replicas_per_node_group replicas); a replica is
// promoted when the primary fails only with automatic_failover_enabled,
// else by hand.
func (r *tfReader) replicationGroup(res *tfResource) *topology.Block {
	b := component(res, topology.KindCache)
	r.engine(b, res)
	n, at, ok := r.integer(res, "num_cache_clusters")
	if !ok {
		n, at, ok = r.integer(res, "number_cache_clusters") // the name before provider 4
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
	p := r.placeOf(res, "preferred_cache_cluster_azs", false)
	if len(p.zones) > 0 {
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

// autoscalingGroup: the group keeps at least min_size instances, in the
// zones of its subnets (vpc_zone_identifier) or availability_zones.
func (r *tfReader) autoscalingGroup(res *tfResource) *topology.Block {
	b := component(res, topology.KindService)
	if n, at, ok := r.integer(res, "min_size"); ok {
		instances(b, n, at)
	}
	p := r.placeOf(res, "vpc_zone_identifier", true)
	if p.entries < 0 {
		p = r.placeOf(res, "availability_zones", false)
	}
	p.apply(b)
	return b
}

// loadBalancer: a node of the load balancer in each of its subnets'
// zones (subnets, or subnet_mapping blocks). An application load balancer
// takes two zones at least, so one whose subnets are not listed here is
// two nodes, spread.
func (r *tfReader) loadBalancer(res *tfResource) *topology.Block {
	b := component(res, topology.KindLoadBalancer)
	p := r.placeOf(res, "subnets", true)
	if p.entries < 0 {
		var mappings int
		for _, blk := range res.body.Blocks {
			if blk.Type == "subnet_mapping" {
				if mappings == 0 {
					p.at = hclPos(blk.DefRange())
				}
				mappings++
			}
		}
		if mappings > 0 {
			p.entries = mappings
		}
	}
	if p.entries < 0 {
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

// instance: one EC2 instance (count of them), in the zone of its
// availability_zone or subnet_id.
func (r *tfReader) instance(res *tfResource) *topology.Block {
	b := component(res, topology.KindService)
	if n, at, ok := r.integer(res, "count"); ok {
		instances(b, n, at)
	}
	b.Spread = &topology.Spread{Pos: b.Pos}
	if z := r.str(res, "availability_zone"); z != "" {
		_, at, _ := r.literal(res, "availability_zone")
		b.Spread = &topology.Spread{Zones: []string{z}, Pos: at}
	} else if a := res.body.Attributes["subnet_id"]; a != nil {
		if t, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr); ok {
			if sub := r.referenced(t.Traversal, "aws_subnet"); sub != nil && r.str(sub, "availability_zone") != "" {
				b.Spread = &topology.Spread{Zones: []string{r.str(sub, "availability_zone")}, Pos: hclPos(a.SrcRange)}
			}
		}
	}
	return b
}
