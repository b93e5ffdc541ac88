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
		if b := mapResource(res.typ, hclRes{r, res}); b != nil {
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

// hclRes is a resource of the .tf files as the mapping reads it.
type hclRes struct {
	r   *tfReader
	res *tfResource
}

func (x hclRes) name() string                                 { return x.res.name }
func (x hclRes) def() topology.Pos                            { return x.res.def }
func (x hclRes) integer(a string) (int64, topology.Pos, bool) { return x.r.integer(x.res, a) }
func (x hclRes) boolean(a string) (bool, topology.Pos, bool)  { return x.r.boolean(x.res, a) }
func (x hclRes) place(a string, subnets bool) place           { return x.r.placeOf(x.res, a, subnets) }
func (x hclRes) count() (int64, topology.Pos, bool)           { return x.r.integer(x.res, "count") }

func (x hclRes) str(a string) (string, topology.Pos) {
	_, at, _ := x.r.literal(x.res, a)
	return x.r.str(x.res, a), at
}

func (x hclRes) has(a string) (topology.Pos, bool) {
	_, at, ok := x.r.literal(x.res, a)
	return at, ok
}

// clusterInstances counts the aws_rds_cluster_instance resources whose
// cluster_identifier refers to the cluster (or is its literal
// identifier), each count times; at is the first one's count (else its
// resource line).
func (x hclRes) clusterInstances() (n int64, at topology.Pos) {
	ident := x.r.str(x.res, "cluster_identifier")
	at = x.res.def
	for _, inst := range x.r.res {
		if inst.typ != "aws_rds_cluster_instance" || !x.r.names(inst, "cluster_identifier", x.res, ident) {
			continue
		}
		k := int64(1)
		where := inst.def
		if c, cat, ok := x.r.integer(inst, "count"); ok {
			k, where = c, cat
		}
		if n == 0 {
			at = where
		}
		n += k
	}
	return n, at
}

func (x hclRes) subnetMappings() (n int, at topology.Pos) {
	for _, blk := range x.res.body.Blocks {
		if blk.Type == "subnet_mapping" {
			if n == 0 {
				at = hclPos(blk.DefRange())
			}
			n++
		}
	}
	return n, at
}

func (x hclRes) subnetZone(a string) (string, topology.Pos) {
	attr := x.res.body.Attributes[a]
	if attr == nil {
		return "", x.res.def
	}
	if t, ok := attr.Expr.(*hclsyntax.ScopeTraversalExpr); ok {
		if sub := x.r.referenced(t.Traversal, "aws_subnet"); sub != nil {
			return x.r.str(sub, "availability_zone"), hclPos(attr.SrcRange)
		}
	}
	return "", x.res.def
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
