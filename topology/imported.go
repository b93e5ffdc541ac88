package topology

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/nines-dev/nines/internal/hclschema"
	"github.com/nines-dev/nines/topology/policy"
)

// Block is a topology block produced by a reader of another format
// (Kubernetes manifests, Compose files): the same block types, attributes
// and values HCL would give (string, int64, float64, bool, []any), each
// with the position of the source it was read from. A call is a Block of
// Type "call" in its component's Blocks, named by its target.
type Block struct {
	Type, Name string
	Pos        Pos
	Attrs      map[string]any
	AttrPos    map[string]Pos // where each attribute was read; Pos when absent
	Blocks     []*Block
	// Spread, of a component, says whether the source spreads its
	// instances over the zones of the topology (which it cannot name: a
	// Kubernetes manifest spreads over whatever zones the cluster has).
	// When the topology declares zones and nothing sets zones itself, a
	// spread component is placed in all of them, in the order declared,
	// and one that is not spread in the first (nothing keeps its instances
	// apart). A source that names the zones (a Terraform subnet's
	// availability_zone) places the component in those, which the
	// topology must declare; as the others, only when it declares zones.
	// Nil leaves zones to the attributes.
	Spread *Spread
}

// Spread is where a source says how a component's instances are placed.
type Spread struct {
	Over  bool
	Zones []string // the zones the source names, if it does
	Pos   Pos
}

// ImportedFile is the blocks read from one file of another format, and
// the byte length of each of its lines (what positions are checked
// against).
type ImportedFile struct {
	Name   string
	Lines  []int
	Blocks []*Block
}

// Imported is what readers of other formats produced.
type Imported struct {
	Files []*ImportedFile
	// Routes are call attributes stated per target rather than per call
	// (a service mesh's route to a host): each is a Block of Type "call"
	// named by its target, whose attributes every call of an imported
	// component into that target takes, under what the call states
	// itself. The first route of a target wins.
	Routes []*Block
}

// LineLengths is the byte length of every line of src, for ImportedFile.
func LineLengths(src []byte) []int { return lineLengths(src) }

// LoadImported is Load over the named HCL topology files (the overlay)
// together with blocks read from other formats. The imported blocks go
// through the same schema, unit and reference checks as HCL ones; their
// errors are at their source positions.
//
// Beside what Load reads, an overlay file in the native syntax may hold
// `component "NAME" { ... }` blocks: each sets attributes (and adds or
// amends calls) of the imported component NAME, whatever its kind, and
// is an error when no reader produced that component.
func LoadImported(fsys fs.FS, names []string, imp *Imported, lim Limits) (*Model, error) {
	lang, err := topologyLanguage()
	if err != nil {
		return nil, err
	}
	if imp == nil {
		imp = &Imported{}
	}
	lim = lim.withDefaults()
	if len(names)+len(imp.Files) > lim.MaxFiles {
		return nil, ErrorList{{Pos: Pos{File: firstName(names, imp)}, Message: fmt.Sprintf("too many topology files: %d, the limit is %d", len(names)+len(imp.Files), lim.MaxFiles)}}
	}

	// The overlay first: its override blocks are taken out (the bytes
	// blanked, so every other position stays where it was) and the rest
	// is loaded as Load loads it.
	pre := &loader{fsys: fsys, lang: lang, lim: lim}
	served := overlayFS{base: fsys, files: map[string][]byte{}}
	var overrides []*Block
	for _, name := range names {
		if strings.HasSuffix(name, ".json") {
			continue
		}
		src, ok := pre.read(name)
		if !ok {
			continue // the loader reports it
		}
		blanked, found := pre.takeOverrides(name, src)
		if found != nil {
			served.files[name] = blanked
			overrides = append(overrides, found...)
		}
	}
	if len(pre.errs) > 0 {
		return nil, pre.errs.dedupe()
	}
	hcl := &loader{fsys: served, lang: lang, lim: lim, lines: map[string][]int{}}
	hcl.decodeFiles(names)
	for _, f := range hcl.files {
		for _, e := range f.pending {
			hcl.errorf(e.Pos, "%s", e.Message)
		}
		f.pending = nil
	}
	if len(hcl.errs) > 0 {
		return nil, hcl.errs.dedupe()
	}
	var zones []string
	for _, f := range hcl.files {
		for _, it := range f.items {
			if it.typ == "zone" && !slices.Contains(zones, it.name) {
				zones = append(zones, it.name)
			}
		}
	}

	// Then the imported blocks, amended by the overlay, the mesh routes
	// and the zones, are validated as a file of the language would be.
	l := &loader{fsys: fsys, lang: lang, lim: lim, lines: map[string][]int{}, blocks: hcl.blocks, strs: hcl.strs}
	files := l.amend(imp, overrides, zones)
	for _, f := range imp.Files {
		l.lines[f.Name] = f.Lines
	}
	if !l.importFiles(files) || len(l.errs) > 0 {
		return nil, l.errs.dedupe()
	}
	// The overlay's blocks come after the imported ones, so that a name
	// declared in both is reported in the overlay.
	l.files = append(l.files, hcl.files...)
	maps.Copy(l.lines, hcl.lines)
	m := l.build()
	if len(l.errs) > 0 {
		return nil, l.errs.dedupe()
	}
	computeComponentAvailability(m)
	m.Files = l.lines
	return m, nil
}

func firstName(names []string, imp *Imported) string {
	if len(names) > 0 {
		return names[0]
	}
	return imp.Files[0].Name
}

// importedDoc is the blocks of one imported file, once amended.
type importedDoc struct {
	name   string
	blocks []*Block
}

// amend applies the overlay's override blocks, the routes and the zones
// to copies of the imported blocks (the readers' blocks are not changed).
func (l *loader) amend(imp *Imported, overrides []*Block, zones []string) []importedDoc {
	out := make([]importedDoc, len(imp.Files))
	byName := map[string]*Block{}
	for i, f := range imp.Files {
		out[i] = importedDoc{name: f.Name, blocks: make([]*Block, len(f.Blocks))}
		for k, b := range f.Blocks {
			c := b.clone()
			out[i].blocks[k] = c
			if _, seen := byName[c.Name]; !seen && isComponentKind(c.Type) {
				byName[c.Name] = c
			}
		}
	}
	done := map[string]Pos{}
	for _, o := range overrides {
		if p, dup := done[o.Name]; dup {
			l.errorf(o.Pos, "component %q is already overridden at %s", o.Name, p)
			continue
		}
		done[o.Name] = o.Pos
		target := byName[o.Name]
		if target == nil {
			l.errorf(o.Pos, "component %q: no reader produced a component of that name (a component block amends an imported one; declare a new one with its kind, as in service %q)", o.Name, o.Name)
			continue
		}
		if l.overrideFits(o, target.Type, l.lang.root.Block(target.Type)) {
			target.merge(o)
		}
	}
	routes := map[string]*Block{}
	for _, r := range imp.Routes {
		if _, seen := routes[r.Name]; !seen {
			routes[r.Name] = r
		}
	}
	for _, f := range out {
		for _, b := range f.blocks {
			if !isComponentKind(b.Type) {
				continue
			}
			for _, call := range b.Blocks {
				if r := routes[call.Name]; r != nil && call.Type == "call" {
					for k, v := range r.Attrs {
						if _, set := call.Attrs[k]; !set {
							call.set(k, v, r.attrPos(k))
						}
					}
				}
			}
			if _, set := b.Attrs["zones"]; set || b.Spread == nil || len(zones) == 0 {
				continue
			}
			placed := zones[:1]
			switch {
			case len(b.Spread.Zones) > 0:
				placed = b.Spread.Zones
			case b.Spread.Over:
				placed = zones
			}
			list := make([]any, len(placed))
			for i, z := range placed {
				list[i] = z
			}
			b.set("zones", list, b.Spread.Pos)
		}
	}
	return out
}

// importFiles decodes, validates and converts the amended imported
// files, each by a loader of its own on every core, and takes their
// blocks and errors in the order of the files, as one loader reading them
// one after the other would. The file whose blocks take the count over
// MaxBlocks is decoded but not validated, and the load stops there: false.
func (l *loader) importFiles(files []importedDoc) bool {
	n, over := l.blocks, false
	for i, f := range files {
		for _, b := range f.blocks {
			n += b.count(l.lang.root.Block(b.Type))
		}
		if n > l.lim.MaxBlocks {
			files, over = files[:i+1], true
			break
		}
	}
	subs := make([]*loader, len(files))
	docs := make([]*fileDoc, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			strs := map[string]string{} // one per core: names repeat across files
			for i := range next {
				sub := &loader{lang: l.lang, lim: l.lim, strs: strs}
				docs[i] = sub.importFile(files[i], !over || i < len(files)-1)
				subs[i] = sub
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, sub := range subs {
		// A loader's errors past MaxErrors end in its summary, which
		// errorf turns into this one's (it holds as many by then).
		for _, e := range sub.errs {
			l.errorf(e.Pos, "%s", e.Message)
		}
		l.blocks += sub.blocks
		l.files = append(l.files, docs[i])
	}
	if over {
		l.errorf(Pos{File: files[len(files)-1].name}, "%s", l.blockLimitMessage())
		return false
	}
	return true
}

// importFile decodes one imported file as the HCL decoder would, and,
// when validate is set, validates it and converts it unless it has errors.
func (l *loader) importFile(f importedDoc, validate bool) *fileDoc {
	fd := &fileDoc{name: f.name, doc: map[string]any{}}
	for _, b := range f.blocks {
		rb := l.importBlock(b, l.lang.root.Block(b.Type), "/"+b.Type+"/")
		if rb != nil {
			fd.addNamed(b.Type, rb)
		}
	}
	if !validate {
		return fd
	}
	l.validate(fd)
	if len(l.errs) == 0 {
		l.convert(fd)
	}
	return fd
}

// count is how many blocks importBlock counts for b of the given spec:
// b, and what is in it when the language has its type.
func (b *Block) count(spec *hclschema.Block) int {
	n := 1
	if spec == nil {
		return n
	}
	for _, c := range b.Blocks {
		n += c.count(spec.Block(c.Type))
	}
	return n
}

// overrideFits reports whether every attribute an override block (or a
// call in it) sets is one the amended block has, reporting those that
// are not at their position.
func (l *loader) overrideFits(o *Block, kind string, spec *hclschema.Block) bool {
	fits := true
	for _, k := range slices.Sorted(maps.Keys(o.Attrs)) {
		if spec.Attr(k) == nil {
			what := fmt.Sprintf("%s %q", kind, o.Name)
			if o.Type == "call" {
				what = fmt.Sprintf("call %q", o.Name)
			}
			l.errorf(o.attrPos(k), "%s has no attribute %q", what, k)
			fits = false
		}
	}
	for _, c := range o.Blocks {
		fits = l.overrideFits(c, kind, spec.Block("call")) && fits
	}
	return fits
}

func isComponentKind(typ string) bool { return slices.Contains(Kinds, typ) }

func (b *Block) clone() *Block {
	c := *b
	c.Attrs = maps.Clone(b.Attrs)
	c.AttrPos = maps.Clone(b.AttrPos)
	c.Blocks = make([]*Block, len(b.Blocks))
	for i, cb := range b.Blocks {
		c.Blocks[i] = cb.clone()
	}
	return &c
}

func (b *Block) set(attr string, v any, p Pos) {
	if b.Attrs == nil {
		b.Attrs = map[string]any{}
	}
	if b.AttrPos == nil {
		b.AttrPos = map[string]Pos{}
	}
	b.Attrs[attr], b.AttrPos[attr] = v, p
}

func (b *Block) attrPos(attr string) Pos {
	if p, ok := b.AttrPos[attr]; ok {
		return p
	}
	return b.Pos
}

// merge sets what the override o states on b: its attributes, and its
// calls, amending b's call of the same target or added to b.
func (b *Block) merge(o *Block) {
	for k, v := range o.Attrs {
		b.set(k, v, o.attrPos(k))
	}
	for _, oc := range o.Blocks {
		i := slices.IndexFunc(b.Blocks, func(c *Block) bool { return c.Type == oc.Type && c.Name == oc.Name })
		if i < 0 {
			b.Blocks = append(b.Blocks, oc.clone())
			continue
		}
		b.Blocks[i].merge(oc)
	}
}

// takeOverrides finds the top-level component blocks of an overlay file
// and returns the file with their bytes blanked (newlines kept) and the
// blocks; a file without any is returned as nil. A file that does not
// parse is left to the loader, which reports why.
func (l *loader) takeOverrides(name string, src []byte) ([]byte, []*Block) {
	if !strings.Contains(string(src), "component") {
		return nil, nil
	}
	_, problem, bounds := hclschema.Scan(src, hclschema.ScanLimits{MaxDepth: l.lim.MaxDepth,
		MaxListItems: l.lim.MaxListItems, MaxStringBytes: l.lim.MaxStringBytes, MaxBraces: l.lim.MaxBlocks + 1})
	if problem != "" {
		return nil, nil
	}
	blocks, ok := parseTopBlocks(name, src, bounds)
	if !ok {
		return nil, nil
	}
	var out []*Block
	var blanked []byte
	for _, blk := range blocks {
		if blk.Type != "component" {
			continue
		}
		if blanked == nil {
			blanked = slices.Clone(src)
		}
		r := blk.Range()
		for i := r.Start.Byte; i < r.End.Byte && i < len(blanked); i++ {
			if blanked[i] != '\n' && blanked[i] != '\r' {
				blanked[i] = ' '
			}
		}
		if b := l.overrideBlock(blk, 0); b != nil {
			out = append(out, b)
		}
	}
	if blanked == nil {
		return nil, nil
	}
	return blanked, out
}

// overlayPieceMin is the size from which an overlay is parsed in
// pieces on every core: one of a thousand components, 45 kB, takes as
// long to parse as the rest of loading its components.
const overlayPieceMin = 16 << 10

// parseTopBlocks parses a native-syntax file, one that is large enough
// in pieces cut between its top-level blocks (bounds, from
// hclschema.Scan) parsed concurrently, each at its true position, and
// returns its top-level blocks in order; false when a piece does not
// parse.
func parseTopBlocks(name string, src []byte, bounds []hclschema.Boundary) ([]*hclsyntax.Block, bool) {
	starts := []hclschema.Boundary{{Offset: 0, Line: 1}}
	if n := 2 * runtime.GOMAXPROCS(0); n > 2 && len(src) >= overlayPieceMin && !bytes.Contains(src, []byte("<<")) {
		// Heredocs are left whole: the scan that finds the bounds does
		// not read them.
		for _, b := range bounds {
			if b.Offset < len(src) && b.Offset-starts[len(starts)-1].Offset >= len(src)/n {
				starts = append(starts, b)
			}
		}
	}
	pieces := make([][]*hclsyntax.Block, len(starts))
	failed := make([]bool, len(starts))
	var wg sync.WaitGroup
	for k, st := range starts {
		end := len(src)
		if k+1 < len(starts) {
			end = starts[k+1].Offset
		}
		wg.Go(func() {
			f, ds := hclsyntax.ParseConfig(src[st.Offset:end], name, hcl.Pos{Line: st.Line, Column: 1, Byte: st.Offset})
			if ds.HasErrors() || f == nil {
				failed[k] = true
				return
			}
			body, ok := f.Body.(*hclsyntax.Body)
			if !ok {
				failed[k] = true
				return
			}
			pieces[k] = body.Blocks
		})
	}
	wg.Wait()
	if slices.Contains(failed, true) {
		return nil, false
	}
	return slices.Concat(pieces...), true
}

// overrideBlock decodes a component block (depth 0) or a call in it.
func (l *loader) overrideBlock(blk *hclsyntax.Block, depth int) *Block {
	l.blocks++
	pos := posOf(blk.DefRange())
	if len(blk.Labels) != 1 {
		l.errorf(pos, "a %s block takes one label, the name of %s", blk.Type, map[int]string{0: "the imported component it amends", 1: "the call's target"}[depth])
		return nil
	}
	b := &Block{Type: blk.Type, Name: blk.Labels[0], Pos: pos, Attrs: map[string]any{}, AttrPos: map[string]Pos{}}
	if depth == 0 {
		b.Type = "component"
	}
	for _, name := range slices.Sorted(maps.Keys(blk.Body.Attributes)) {
		a := blk.Body.Attributes[name]
		v, ds := a.Expr.Value(nil)
		if ds.HasErrors() {
			l.diags(ds, pos.File)
			continue
		}
		gv, err := hclschema.ToGo(v, topologyValues)
		if err != nil {
			l.errorf(posOf(a.SrcRange), "%s: %v", name, err)
			continue
		}
		if gv != nil {
			b.set(name, gv, posOf(a.SrcRange))
		}
	}
	for _, inner := range blk.Body.Blocks {
		if depth > 0 || inner.Type != "call" {
			l.errorf(posOf(inner.DefRange()), "no %s block here: a component block holds attributes and call blocks", inner.Type)
			continue
		}
		if c := l.overrideBlock(inner, depth+1); c != nil {
			if slices.ContainsFunc(b.Blocks, func(o *Block) bool { return o.Name == c.Name }) {
				l.errorf(c.Pos, "component %q already amends its call %q", b.Name, c.Name)
				continue
			}
			b.Blocks = append(b.Blocks, c)
		}
	}
	return b
}

// overlayFS serves some files from memory, the others from base.
type overlayFS struct {
	base  fs.FS
	files map[string][]byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if data, ok := o.files[name]; ok {
		return singleFileFS{name: name, data: data}.Open(name)
	}
	return o.base.Open(name)
}

// importBlock turns an imported block into what the HCL decoder gives.
func (l *loader) importBlock(b *Block, spec *hclschema.Block, prefix string) *rawBlock {
	l.blocks++
	if spec == nil {
		l.errorf(b.Pos, "no topology block %q (a reader made a block the language does not have)", b.Type)
		return nil
	}
	rb := &rawBlock{typ: b.Type, name: b.Name, spec: spec, pos: b.Pos, attrs: map[string]any{}, attrPos: map[string]Pos{}}
	if !spec.List {
		rb.ptr = prefix + hclschema.Escape(b.Name)
	}
	if strings.TrimSpace(rb.name) == "" {
		l.errorf(rb.pos, "%s name must not be empty", b.Type)
	}
	for k, v := range b.Attrs {
		rb.attrs[k] = v
		rb.attrPos[k] = b.attrPos(k)
	}
	seen := map[[2]string]*rawBlock{}
	for _, cb := range b.Blocks {
		inner := l.importBlock(cb, spec.Block(cb.Type), rb.ptr+"/"+hclschema.Escape(cb.Type)+"/")
		if inner == nil {
			continue
		}
		if first, dup := seen[[2]string{inner.typ, inner.name}]; dup {
			l.errorf(inner.pos, "%s %q already has %s %q at %s", rb.typ, rb.name, inner.typ, inner.name, first.pos)
			continue
		}
		seen[[2]string{inner.typ, inner.name}] = inner
		rb.calls = append(rb.calls, inner)
	}
	return rb
}

// CheckImported is Check over HCL files and imported blocks together (see
// LoadImported).
func CheckImported(ctx context.Context, fsys fs.FS, names []string, imp *Imported, opts Options) (*Report, error) {
	t0 := time.Now()
	m, err := LoadImported(fsys, names, imp, opts.Limits)
	if err != nil {
		return nil, err
	}
	return checkModel(ctx, m, opts, t0)
}

// checkModel is the part of Check after loading.
func checkModel(ctx context.Context, m *Model, opts Options, t0 time.Time) (*Report, error) {
	t1 := time.Now()
	an := Analyze(m)
	facts := BuildFacts(an)
	t2 := time.Now()
	eval := opts.Evaluate
	if eval == nil {
		eval = policy.Evaluate
	}
	found, err := eval(ctx, facts.Slice(PartComponents), policy.Options{Config: opts.Config, Policies: opts.Policies, Timeout: opts.PolicyTimeout,
		Files: m.Files, Subjects: subjects(m)})
	if err != nil {
		return nil, fmt.Errorf("evaluating the topology policies: %w", err)
	}
	r := &Report{Model: m, Analysis: an, Facts: facts, Journeys: an.Journeys,
		Timings: Timings{Load: t1.Sub(t0), Math: t2.Sub(t1), Policy: time.Since(t2)}}
	r.Findings, r.Waived = applyExceptions(found, m.Exceptions)
	used := map[Pos]bool{}
	for _, w := range r.Waived {
		used[w.Exception] = true
	}
	for _, e := range m.Exceptions {
		if !used[e.Pos] {
			r.UnusedExceptions = append(r.UnusedExceptions, e)
		}
	}
	return r, nil
}
