package topology

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/nines-dev/nines/internal/hclschema"
	"github.com/nines-dev/nines/topology/schema"
)

// Limits bound what Load accepts, so a mistaken or hostile input fails
// fast with a clear error instead of exhausting memory or the stack.
type Limits struct {
	MaxFileBytes int64 // per file, checked before reading; default 10 MiB
	MaxBlocks    int   // blocks over all files; default 250,000
	MaxDepth     int   // bracket and template nesting; default 32
	MaxFiles     int   // default 10,000
	MaxTotal     int64 // bytes over all files; default 100 MiB
	// Checked while scanning a file, before it is parsed.
	MaxListItems   int // items of one list; default 10,000
	MaxStringBytes int // bytes of one string; default 64 KiB
}

// DefaultLimits are the limits used when a field of Limits is zero.
var DefaultLimits = Limits{MaxFileBytes: 10 << 20, MaxBlocks: 250_000, MaxDepth: 32, MaxFiles: 10_000, MaxTotal: 100 << 20,
	MaxListItems: 10_000, MaxStringBytes: 64 << 10}

// SoftMemoryLimit is the Go soft memory limit that keeps checking topology
// files of inputBytes bytes within the peak memory budget: 85% of the
// smaller of two budgets, 50 times the input plus 100 MB (the limits of
// docs/topology.md) and 20 times the input plus 200 MiB, a line under both
// of issue 15's points (topogen's 10,000 components, 4.3 MB, in 300 MiB;
// its 100,000, 43 MB, in 1 GiB). The second is the smaller from about
// 3.5 MB of input: collecting a quarter as often as Go's default (nines
// topo's GOGC 400) would otherwise let the heap of 100,000 components grow
// to three times what is live at its peak (1.7 GiB resident for 0.5 GB
// live). The runtime keeps the memory it manages under its limit, but the
// process's resident size runs above that (pages freed but not yet given
// back, the binary, thread stacks): about 7% on 250,000 zone blocks, so a
// limit at the budget itself let the peak pass it. nines topo and
// topobench set it.
func SoftMemoryLimit(inputBytes int64) int64 {
	budget := min(100<<20+50*inputBytes, 200<<20+20*inputBytes)
	return budget * 85 / 100
}

func (l Limits) withDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultLimits.MaxFileBytes
	}
	if l.MaxBlocks <= 0 {
		l.MaxBlocks = DefaultLimits.MaxBlocks
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultLimits.MaxFiles
	}
	if l.MaxTotal <= 0 {
		l.MaxTotal = DefaultLimits.MaxTotal
	}
	if l.MaxListItems <= 0 {
		l.MaxListItems = DefaultLimits.MaxListItems
	}
	if l.MaxStringBytes <= 0 {
		l.MaxStringBytes = DefaultLimits.MaxStringBytes
	}
	return l
}

// rawBlock is one decoded block: plain values (string, int64, float64,
// bool, []any) and the position of everything.
type rawBlock struct {
	typ, name string
	spec      *hclschema.Block
	pos       Pos
	ptr       string // JSON pointer in the file's document
	attrs     map[string]any
	attrPos   map[string]Pos
	calls     []*rawBlock // the nested blocks, in source order
}

// addNamed adds a named block of type typ to the file's document, under
// its name, and to its blocks. A duplicate name keeps the first in the
// document; it is reported with both positions when the whole topology is
// built.
func (fd *fileDoc) addNamed(typ string, rb *rawBlock) {
	group, _ := fd.doc[typ].(map[string]any)
	if group == nil {
		group = map[string]any{}
		fd.doc[typ] = group
	}
	if _, dup := group[rb.name]; !dup {
		group[rb.name] = rb.object()
	}
	fd.blocks = append(fd.blocks, rb)
}

// fileDoc is one decoded file: its blocks in source order, the document the
// schema validates and the position behind every JSON pointer in it.
type fileDoc struct {
	name   string
	blocks []*rawBlock
	doc    map[string]any
	ptrs   hclschema.Positions // built by pointers, only when the schema fails

	validated bool
	// pending are the errors of validating a file decoded whole, reported
	// once every file is read, where it used to be validated.
	pending []*Error
	// items are the blocks turned into the model once the file validated;
	// blocks, doc and ptrs are dropped then.
	items []*decoded
}

type loader struct {
	fsys   fs.FS
	lang   *schemaLanguage
	lim    Limits
	errs   ErrorList
	blocks int
	lines  map[string][]int // by file: the byte length of each line
	files  []*fileDoc

	entryPos map[*Journey]Pos
	// validateEach validates each file as soon as it is decoded (the
	// loaders of the pieces of a large file run concurrently).
	validateEach bool
	// recordBlocks keeps the position of every block counted, in
	// blockPos, so the merge of a large file's pieces can report the
	// block limit where the total crosses it.
	recordBlocks bool
	blockPos     []Pos
	// strs interns the strings of the model: names, zones and the values
	// of enumerations repeat across thousands of blocks.
	strs map[string]string
}

// intern returns s, or an equal string returned before.
func (l *loader) intern(s string) string {
	if t, ok := l.strs[s]; ok {
		return t
	}
	if l.strs == nil {
		l.strs = map[string]string{}
	}
	l.strs[s] = s
	return s
}

// decodeFiles reads and decodes the named files in order, stopping where
// their total size or the block count crosses its limit.
func (l *loader) decodeFiles(names []string) {
	var total int64
	for _, name := range names {
		src, ok := l.read(name)
		if !ok {
			continue
		}
		if total += int64(len(src)); total > l.lim.MaxTotal {
			l.errorf(Pos{File: name}, "the topology files add up to more than %d bytes", l.lim.MaxTotal)
			return
		}
		l.decodeFile(name, src)
		if l.blocks > l.lim.MaxBlocks {
			return
		}
	}
}

// MaxErrors is how many errors Load reports before it summarises the rest.
const MaxErrors = 200

func (l *loader) errorf(p Pos, format string, args ...any) {
	if len(l.errs) > MaxErrors {
		return
	}
	if len(l.errs) == MaxErrors {
		l.errs = append(l.errs, &Error{Pos: p, Message: fmt.Sprintf("too many errors (more than %d): stopping here", MaxErrors)})
		return
	}
	l.errs = append(l.errs, &Error{Pos: p, Message: fmt.Sprintf(format, args...)})
}

// Load reads, decodes and validates the named topology files from fsys as
// one topology. Names are used as given in positions. A name ending in
// ".json" is read as HCL's JSON syntax. Invalid input is reported as an
// ErrorList holding every error found, each at file:line:col; nothing of
// an invalid topology is returned.
func Load(fsys fs.FS, names []string, lim Limits) (*Model, error) {
	lang, err := topologyLanguage()
	if err != nil {
		return nil, err
	}
	l := &loader{fsys: fsys, lang: lang, lim: lim.withDefaults()}
	if len(names) > l.lim.MaxFiles {
		return nil, ErrorList{{Pos: Pos{File: names[0]}, Message: fmt.Sprintf("too many topology files: %d, the limit is %d", len(names), l.lim.MaxFiles)}}
	}
	l.lines = make(map[string][]int, len(names))
	l.decodeFiles(names)
	if l.blocks <= l.lim.MaxBlocks {
		// Files that parsed are validated even when another had errors,
		// so that one run reports every mistake; each was validated as
		// soon as it was decoded, and its errors are reported now, in the
		// order of the files.
		for _, f := range l.files {
			for _, e := range f.pending {
				if !strings.HasPrefix(e.Message, "too many errors") {
					l.errorf(e.Pos, "%s", e.Message)
				}
			}
			f.pending = nil
		}
	}
	if len(l.errs) > 0 {
		return nil, l.errs.dedupe()
	}
	m := l.build()
	if len(l.errs) > 0 {
		return nil, l.errs.dedupe()
	}
	computeComponentAvailability(m)
	m.Files = l.lines
	return m, nil
}

// lineLengths is the byte length of every line of src, without its end.
func lineLengths(src []byte) []int {
	out := make([]int, 0, bytes.Count(src, []byte{'\n'})+1)
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			out = append(out, len(src))
			break
		}
		out = append(out, len(bytes.TrimSuffix(src[:i], []byte{'\r'})))
		src = src[i+1:]
	}
	if len(out) == 0 {
		out = append(out, 0)
	}
	return out
}

// LoadBytes is Load for one file held in memory.
func LoadBytes(name string, src []byte, lim Limits) (*Model, error) {
	return Load(singleFileFS{name: name, data: src}, []string{name}, lim)
}

func (l *loader) read(name string) ([]byte, bool) {
	where := Pos{File: name}
	info, err := fs.Stat(l.fsys, name)
	if err != nil {
		l.errorf(where, "cannot read topology file: %v", unwrapPath(err))
		return nil, false
	}
	if info.IsDir() {
		l.errorf(where, "is a directory, not a topology file")
		return nil, false
	}
	if info.Size() > l.lim.MaxFileBytes {
		l.errorf(where, "file is %d bytes, over the limit of %d bytes for one topology file", info.Size(), l.lim.MaxFileBytes)
		return nil, false
	}
	f, err := l.fsys.Open(name)
	if err != nil {
		l.errorf(where, "cannot read topology file: %v", unwrapPath(err))
		return nil, false
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, l.lim.MaxFileBytes+1))
	if err != nil {
		l.errorf(where, "cannot read topology file: %v", unwrapPath(err))
		return nil, false
	}
	if int64(len(src)) > l.lim.MaxFileBytes {
		l.errorf(where, "file is over the limit of %d bytes for one topology file", l.lim.MaxFileBytes)
		return nil, false
	}
	return src, true
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (l *loader) diags(ds hcl.Diagnostics, file string) {
	for _, e := range hclschema.FromDiagnostics(file, ds) {
		l.errorf(Pos(e.Pos), "%s", e.Message)
	}
}

func posOf(r hcl.Range) Pos {
	return Pos{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

func (l *loader) decodeFile(name string, src []byte) {
	// Every block opens a brace, and in JSON syntax so does the object
	// of each block type: a file with more braces than that holds more
	// blocks than the topology may, and is refused before it is parsed.
	isJSON := strings.HasSuffix(name, ".json")
	braces := l.lim.MaxBlocks - l.blocks
	if isJSON {
		braces = 2*braces + 1
	}
	p, problem, bounds := hclschema.Scan(src, hclschema.ScanLimits{MaxDepth: l.lim.MaxDepth,
		MaxListItems: l.lim.MaxListItems, MaxStringBytes: l.lim.MaxStringBytes, MaxBraces: max(braces, 1)})
	if problem != "" {
		p.File = name
		switch {
		case strings.HasPrefix(problem, "more than"):
			l.errorf(Pos(p), "%s", l.blockLimitMessage())
			l.blocks = l.lim.MaxBlocks + 1
		case strings.HasPrefix(problem, "nested"):
			l.errorf(Pos(p), "expression %s", problem)
		default:
			l.errorf(Pos(p), "%s: the limit keeps a file from exhausting memory before it is parsed", problem)
		}
		return
	}
	if l.lines != nil {
		l.lines[name] = lineLengths(src)
	}
	if isJSON {
		if off, msg := jsonShapeError(src); msg != "" {
			l.errorf(offsetPos(name, src, off), "%s", msg)
			return
		}
		f, ds := hcljson.Parse(src, name)
		if ds.HasErrors() || f == nil {
			l.diags(ds, name)
			return
		}
		l.decodeBody(name, f.Body)
		return
	}
	chunks := cutChunks(src, bounds)
	if len(chunks) == 1 {
		f, ds := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		if ds.HasErrors() || f == nil {
			l.diags(ds, name)
			return
		}
		l.decodeBody(name, f.Body)
		return
	}
	// A large file: its pieces (whole top-level blocks) are parsed,
	// decoded and validated concurrently, each with its true start
	// position, and merged in order as if they were files of their own.
	subs := make([]*loader, len(chunks))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for k, c := range chunks {
		sub := &loader{lang: l.lang, lim: l.lim, validateEach: true, recordBlocks: true}
		subs[k] = sub
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f, ds := hclsyntax.ParseConfig(src[c.start.Offset:c.end], name, hcl.Pos{Line: c.start.Line, Column: 1, Byte: c.start.Offset})
			if ds.HasErrors() || f == nil {
				sub.diags(ds, name)
				return
			}
			sub.decodeBody(name, f.Body)
		}()
	}
	wg.Wait()
	// Each piece counted its blocks from zero: the limit is judged on the
	// running total, at the first block past it.
	limit := l.blockLimitMessage()
	over := l.blocks > l.lim.MaxBlocks
	for _, sub := range subs {
		for _, e := range sub.errs {
			if e.Message != limit {
				l.errorf(e.Pos, "%s", e.Message)
			}
		}
		if !over && l.blocks+sub.blocks > l.lim.MaxBlocks {
			over = true
			pos := Pos{File: name, Line: 1, Column: 1}
			if i := l.lim.MaxBlocks - l.blocks; i >= 0 && i < len(sub.blockPos) {
				pos = sub.blockPos[i]
			}
			l.errorf(pos, "%s", limit)
		}
		l.files = append(l.files, sub.files...)
		l.blocks += sub.blocks
	}
}

// countBlock counts one block against the limit, remembering where it is
// when the loader decodes one piece of a large file.
func (l *loader) countBlock(r hcl.Range) {
	l.blocks++
	if l.recordBlocks {
		l.blockPos = append(l.blockPos, posOf(r))
	}
}

func (l *loader) blockLimitMessage() string {
	return fmt.Sprintf("more than %d blocks in the topology", l.lim.MaxBlocks)
}

type chunk struct {
	start hclschema.Boundary
	end   int
}

// cutChunks cuts a large file between top-level blocks into pieces of at
// most about pieceBytes, at least two per core; a small one, or one with heredocs (whose text the
// nesting scan does not understand), stays whole.
func cutChunks(src []byte, bounds []hclschema.Boundary) []chunk {
	workers := runtime.GOMAXPROCS(0)
	whole := []chunk{{hclschema.Boundary{Offset: 0, Line: 1}, len(src)}}
	if len(src) < parallelParseMin || workers < 2 || len(bounds) < 2 || bytes.Contains(src, []byte("<<")) {
		return whole
	}
	// At least two pieces per core, and none much over pieceBytes: HCL
	// holds every token of what it parses (about 100 bytes a token, a
	// token every 4 bytes or so) until the piece is decoded.
	pieces := max(workers*2, len(src)/pieceBytes)
	starts := []hclschema.Boundary{{Offset: 0, Line: 1}}
	next := len(src) / pieces
	for _, b := range bounds {
		if b.Offset >= next && b.Offset < len(src) {
			starts = append(starts, b)
			next = b.Offset + len(src)/pieces
		}
	}
	out := make([]chunk, len(starts))
	for k, st := range starts {
		end := len(src)
		if k+1 < len(starts) {
			end = starts[k+1].Offset
		}
		out[k] = chunk{st, end}
	}
	return out
}

// decodeBody decodes the top-level blocks of one parsed file (or piece
// of a file) into a fileDoc.
func (l *loader) decodeBody(name string, body hcl.Body) {
	// Count every block, known or not, before decoding: an unknown block
	// costs an error of its own, so a file of them must stop at the limit
	// like any other.
	if sb, ok := body.(*hclsyntax.Body); ok {
		if b := l.overLimit(sb, l.blocks); b != nil {
			l.errorf(posOf(b.DefRange()), "more than %d blocks in the topology", l.lim.MaxBlocks)
			l.blocks = l.lim.MaxBlocks + 1
			return
		}
	}
	content, ds := body.Content(l.lang.root.Body)
	l.diags(ds, name)
	blocks := content.Blocks
	fd := &fileDoc{name: name, doc: map[string]any{}}
	lists := map[string][]any{}
	for _, b := range blocks {
		l.countBlock(b.DefRange)
		if l.blocks > l.lim.MaxBlocks {
			l.errorf(posOf(b.DefRange), "%s", l.blockLimitMessage())
			return
		}
		spec := l.lang.root.Block(b.Type)
		if spec == nil {
			continue // reported by Content
		}
		if spec.List {
			rb := l.decodeBlock(b, spec, "")
			rb.ptr = fmt.Sprintf("/%s/%d", b.Type, len(lists[b.Type]))
			lists[b.Type] = append(lists[b.Type], rb.object())
			fd.blocks = append(fd.blocks, rb)
			continue
		}
		fd.addNamed(b.Type, l.decodeBlock(b, spec, "/"+b.Type+"/"))
	}
	for typ, list := range lists {
		fd.doc[typ] = list
	}
	l.files = append(l.files, fd)
	if l.blocks > l.lim.MaxBlocks {
		return
	}
	// The file is validated and turned into the model at once, so that
	// what was decoded of it is garbage before the next file is read.
	if l.validateEach {
		l.validate(fd)
		fd.validated = true
		if len(l.errs) == 0 {
			l.convert(fd)
		}
		return
	}
	v := &loader{lang: l.lang, lim: l.lim, strs: l.strs}
	v.validate(fd)
	fd.validated, fd.pending = true, v.errs
	if len(v.errs) == 0 {
		v.convert(fd)
	}
	l.strs = v.strs
}

func (l *loader) decodeBlock(b *hcl.Block, spec *hclschema.Block, prefix string) *rawBlock {
	content, ds := b.Body.Content(spec.Body)
	l.diags(ds, b.DefRange.Filename)
	rb := &rawBlock{typ: b.Type, spec: spec, pos: posOf(b.DefRange), attrs: map[string]any{}, attrPos: map[string]Pos{}}
	if len(b.Labels) > 0 {
		rb.name = b.Labels[0]
		rb.ptr = prefix + hclschema.Escape(rb.name)
		if strings.TrimSpace(rb.name) == "" {
			l.errorf(rb.pos, "%s name must not be empty", b.Type)
		}
	}
	for name, a := range content.Attributes {
		rb.attrPos[name] = posOf(a.Range)
		v, ds := a.Expr.Value(nil)
		if ds.HasErrors() {
			l.diags(ds, b.DefRange.Filename)
			continue
		}
		gv, err := hclschema.ToGo(v, topologyValues)
		if err != nil {
			l.errorf(posOf(a.Range), "%s: %v", name, err)
			continue
		}
		if gv != nil {
			rb.attrs[name] = gv
		}
	}
	seen := map[[2]string]*rawBlock{}
	for _, cb := range content.Blocks {
		l.countBlock(cb.DefRange)
		if l.blocks > l.lim.MaxBlocks {
			l.errorf(posOf(cb.DefRange), "%s", l.blockLimitMessage())
			return rb
		}
		inner := l.decodeBlock(cb, spec.Block(cb.Type), rb.ptr+"/"+hclschema.Escape(cb.Type)+"/")
		if first, dup := seen[[2]string{inner.typ, inner.name}]; dup {
			verb := "has " + inner.typ
			if inner.typ == "call" {
				verb = "calls"
			}
			l.errorf(inner.pos, "%s %q already %s %q at %s", rb.typ, rb.name, verb, inner.name, first.pos)
			continue
		}
		seen[[2]string{inner.typ, inner.name}] = inner
		rb.calls = append(rb.calls, inner)
	}
	return rb
}

// overLimit returns the block of body (or nested in it) that takes the
// count of blocks, starting from seen, over MaxBlocks, or nil.
func (l *loader) overLimit(body *hclsyntax.Body, seen int) *hclsyntax.Block {
	var walk func(b *hclsyntax.Body) *hclsyntax.Block
	walk = func(b *hclsyntax.Body) *hclsyntax.Block {
		for _, blk := range b.Blocks {
			if seen++; seen > l.lim.MaxBlocks {
				return blk
			}
			if over := walk(blk.Body); over != nil {
				return over
			}
		}
		return nil
	}
	return walk(body)
}

// pointers builds the table from JSON pointer to position, for mapping
// schema errors back to the source. The first block of a name wins.
func (f *fileDoc) pointers() hclschema.Positions {
	if f.ptrs != nil {
		return f.ptrs
	}
	f.ptrs = hclschema.Positions{"": {File: f.name, Line: 1, Column: 1}}
	var add func(rb *rawBlock)
	add = func(rb *rawBlock) {
		f.ptrs.Add(rb.ptr, hclschema.Pos(rb.pos))
		for k, p := range rb.attrPos {
			f.ptrs.Add(rb.ptr+"/"+hclschema.Escape(k), hclschema.Pos(p))
		}
		for _, c := range rb.calls {
			add(c)
		}
	}
	for _, rb := range f.blocks {
		if !rb.spec.List {
			f.ptrs.Add("/"+rb.typ, hclschema.Pos(rb.pos))
		}
		add(rb)
	}
	return f.ptrs
}

// object is the block as the schema sees it.
func (rb *rawBlock) object() map[string]any {
	obj := make(map[string]any, len(rb.attrs)+1)
	for k, v := range rb.attrs {
		obj[k] = v
	}
	for _, c := range rb.calls {
		group, _ := obj[c.typ].(map[string]any)
		if group == nil {
			group = make(map[string]any, len(rb.calls))
			obj[c.typ] = group
		}
		group[c.name] = c.object()
	}
	return obj
}

// topologyValues is how attribute values are converted: a JSON document's
// nulls are kept, and no attribute nests deeper than 8.
var topologyValues = hclschema.Values{MaxDepth: 8, KeepNullFields: true}

// schemaLanguage is what the loader reads from the schema.
type schemaLanguage struct {
	root *hclschema.Block
	// Attributes checked as availabilities and durations, of any block.
	availabilityAttrs, durationAttrs []string
}

var topologyLanguage = sync.OnceValues(func() (*schemaLanguage, error) {
	root, err := schema.Blocks()
	if err != nil {
		return nil, fmt.Errorf("reading the topology schema: %w", err)
	}
	return &schemaLanguage{
		root:              root,
		availabilityAttrs: root.AttrsWithRef("availability"),
		durationAttrs:     root.AttrsWithRef("duration"),
	}, nil
})

// pieceBytes is about the largest piece a large file is cut into.
const pieceBytes = 256 << 10

// parallelParseMin is the size from which a native-syntax file is parsed
// in chunks of whole top-level blocks, one per core.
const parallelParseMin = 256 << 10

// singleFileFS serves one in-memory file.
type singleFileFS struct {
	name string
	data []byte
}

func (s singleFileFS) Open(name string) (fs.File, error) {
	if name != s.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{name: name, r: strings.NewReader(string(s.data)), size: int64(len(s.data))}, nil
}

type memFile struct {
	name string
	r    *strings.Reader
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f}, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }

type memInfo struct{ f *memFile }

func (i memInfo) Name() string           { return i.f.name }
func (i memInfo) Size() int64            { return i.f.size }
func (i memInfo) Mode() fs.FileMode      { return 0o444 }
func (i memInfo) ModTime() (t time.Time) { return t }
func (i memInfo) IsDir() bool            { return false }
func (i memInfo) Sys() any               { return nil }
