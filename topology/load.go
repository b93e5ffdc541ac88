package topology

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/big"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// Limits bound what Load accepts, so a mistaken or hostile input fails
// fast with a clear error instead of exhausting memory or the stack.
type Limits struct {
	MaxFileBytes int64 // per file, checked before reading; default 10 MiB
	MaxBlocks    int   // blocks over all files; default 250,000
	MaxDepth     int   // bracket and template nesting; default 32
	MaxFiles     int   // default 10,000
	MaxTotal     int64 // bytes over all files; default 100 MiB
}

// DefaultLimits are the limits used when a field of Limits is zero.
var DefaultLimits = Limits{MaxFileBytes: 10 << 20, MaxBlocks: 250_000, MaxDepth: 32, MaxFiles: 10_000, MaxTotal: 100 << 20}

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
	return l
}

var (
	topSchema = func() *hcl.BodySchema {
		s := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "zone", LabelNames: []string{"name"}}}}
		for _, k := range Kinds {
			s.Blocks = append(s.Blocks, hcl.BlockHeaderSchema{Type: k, LabelNames: []string{"name"}})
		}
		s.Blocks = append(s.Blocks,
			hcl.BlockHeaderSchema{Type: "journey", LabelNames: []string{"name"}},
			hcl.BlockHeaderSchema{Type: "exception"})
		return s
	}()
	zoneSchema      = attrSchema(nil, "availability")
	componentSchema = attrSchema([]hcl.BlockHeaderSchema{{Type: "call", LabelNames: []string{"target"}}},
		"instances", "zones", "availability", "min_healthy", "latency_p99", "mode", "failover",
		"failover_time", "mttr", "stateless", "session_store", "engine", "consistency",
		"replication", "replication_lag", "rpo", "rto")
	callSchema = attrSchema(nil, "timeout", "retries", "backoff", "jitter", "idempotent",
		"idempotency_key", "circuit_breaker", "fallback", "required", "consistency")
	journeySchema   = attrSchema(nil, "entry", "slo", "window", "timeout")
	exceptionSchema = attrSchema(nil, "rule", "subject", "reason")
)

func attrSchema(blocks []hcl.BlockHeaderSchema, names ...string) *hcl.BodySchema {
	s := &hcl.BodySchema{Blocks: blocks}
	for _, n := range names {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: n})
	}
	return s
}

// rawBlock is one decoded block: plain values (string, int64, float64,
// bool, []any) and the position of everything.
type rawBlock struct {
	typ, name string
	pos       Pos
	ptr       string // JSON pointer in the file's document
	attrs     map[string]any
	attrPos   map[string]Pos
	calls     []*rawBlock
}

// fileDoc is one decoded file: its blocks in source order, the document the
// schema validates and the position behind every JSON pointer in it.
type fileDoc struct {
	name   string
	blocks []*rawBlock
	doc    map[string]any
	ptrs   map[string]Pos // built by pointers, only when the schema fails

	validated bool
}

type loader struct {
	fsys   fs.FS
	lim    Limits
	errs   ErrorList
	blocks int
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
	l := &loader{fsys: fsys, lim: lim.withDefaults()}
	if len(names) > l.lim.MaxFiles {
		return nil, ErrorList{{Pos: Pos{File: names[0]}, Message: fmt.Sprintf("too many topology files: %d, the limit is %d", len(names), l.lim.MaxFiles)}}
	}
	var total int64
	for _, name := range names {
		src, ok := l.read(name)
		if !ok {
			continue
		}
		if total += int64(len(src)); total > l.lim.MaxTotal {
			l.errorf(Pos{File: name}, "the topology files add up to more than %d bytes", l.lim.MaxTotal)
			break
		}
		l.decodeFile(name, src)
		if l.blocks > l.lim.MaxBlocks {
			break
		}
	}
	if l.blocks <= l.lim.MaxBlocks {
		// Files that parsed are validated even when another had errors,
		// so that one run reports every mistake.
		for _, f := range l.files {
			if !f.validated {
				l.validate(f)
			}
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
	return m, nil
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
	for _, d := range ds {
		if d.Severity != hcl.DiagError {
			continue
		}
		p := Pos{File: file}
		if d.Subject != nil {
			p = posOf(*d.Subject)
			p.File = file
		}
		msg := lowerFirst(strings.TrimSuffix(d.Summary, "."))
		if d.Detail != "" {
			msg += ": " + lowerFirst(strings.TrimSuffix(d.Detail, "."))
		}
		l.errorf(p, "%s", msg)
	}
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || (len(s) > n && unicode.IsUpper(rune(s[n]))) {
		return s // an acronym such as "JSON" stays as it is
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func posOf(r hcl.Range) Pos {
	return Pos{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

func (l *loader) decodeFile(name string, src []byte) {
	p, ok, bounds := scanNesting(src, l.lim.MaxDepth)
	if !ok {
		p.File = name
		l.errorf(p, "expression nested more than %d levels deep", l.lim.MaxDepth)
		return
	}
	if strings.HasSuffix(name, ".json") {
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
		sub := &loader{lim: l.lim, validateEach: true, recordBlocks: true}
		subs[k] = sub
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f, ds := hclsyntax.ParseConfig(src[c.start.offset:c.end], name, hcl.Pos{Line: c.start.line, Column: 1, Byte: c.start.offset})
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
	start boundary
	end   int
}

// cutChunks cuts a large file between top-level blocks into about two
// pieces per core; a small one, or one with heredocs (whose text the
// nesting scan does not understand), stays whole.
func cutChunks(src []byte, bounds []boundary) []chunk {
	workers := runtime.GOMAXPROCS(0)
	whole := []chunk{{boundary{0, 1}, len(src)}}
	if len(src) < parallelParseMin || workers < 2 || len(bounds) < 2 || bytes.Contains(src, []byte("<<")) {
		return whole
	}
	pieces := workers * 2
	starts := []boundary{{0, 1}}
	next := len(src) / pieces
	for _, b := range bounds {
		if b.offset >= next && b.offset < len(src) {
			starts = append(starts, b)
			next = b.offset + len(src)/pieces
		}
	}
	out := make([]chunk, len(starts))
	for k, st := range starts {
		end := len(src)
		if k+1 < len(starts) {
			end = starts[k+1].offset
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
	content, ds := body.Content(topSchema)
	l.diags(ds, name)
	blocks := content.Blocks
	fd := &fileDoc{name: name, doc: map[string]any{}}
	exceptions := []any{}
	for _, b := range blocks {
		l.countBlock(b.DefRange)
		if l.blocks > l.lim.MaxBlocks {
			l.errorf(posOf(b.DefRange), "%s", l.blockLimitMessage())
			return
		}
		var rb *rawBlock
		switch b.Type {
		case "zone":
			rb = l.decodeBlock(b, zoneSchema, "/zone/")
		case "journey":
			rb = l.decodeBlock(b, journeySchema, "/journey/")
		case "exception":
			rb = l.decodeBlock(b, exceptionSchema, "")
			rb.ptr = fmt.Sprintf("/exception/%d", len(exceptions))
		default:
			rb = l.decodeBlock(b, componentSchema, "/"+b.Type+"/")
		}
		if rb == nil {
			continue
		}
		obj := rb.object()
		if b.Type == "exception" {
			exceptions = append(exceptions, obj)
			fd.blocks = append(fd.blocks, rb)
			continue
		}
		group, _ := fd.doc[b.Type].(map[string]any)
		if group == nil {
			group = map[string]any{}
			fd.doc[b.Type] = group
		}
		if _, dup := group[rb.name]; dup {
			// Reported with both positions when the whole topology is built.
			fd.blocks = append(fd.blocks, rb)
			continue
		}
		group[rb.name] = obj
		fd.blocks = append(fd.blocks, rb)
	}
	if len(exceptions) > 0 {
		fd.doc["exception"] = exceptions
	}
	l.files = append(l.files, fd)
	if l.validateEach && l.blocks <= l.lim.MaxBlocks {
		l.validate(fd)
		fd.validated = true
	}
}

func (l *loader) decodeBlock(b *hcl.Block, schema *hcl.BodySchema, prefix string) *rawBlock {
	content, ds := b.Body.Content(schema)
	l.diags(ds, b.DefRange.Filename)
	rb := &rawBlock{typ: b.Type, pos: posOf(b.DefRange), attrs: map[string]any{}, attrPos: map[string]Pos{}}
	if len(b.Labels) > 0 {
		rb.name = b.Labels[0]
		rb.ptr = prefix + escapePointer(rb.name)
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
		gv, err := ctyToGo(v, 0)
		if err != nil {
			l.errorf(posOf(a.Range), "%s: %v", name, err)
			continue
		}
		if gv != nil {
			rb.attrs[name] = gv
		}
	}
	seen := map[string]*rawBlock{}
	for _, cb := range content.Blocks {
		l.countBlock(cb.DefRange)
		if l.blocks > l.lim.MaxBlocks {
			l.errorf(posOf(cb.DefRange), "%s", l.blockLimitMessage())
			return rb
		}
		call := l.decodeBlock(cb, callSchema, rb.ptr+"/call/")
		if first, dup := seen[call.name]; dup {
			l.errorf(call.pos, "%s %q already calls %q at %s", rb.typ, rb.name, call.name, first.pos)
			continue
		}
		seen[call.name] = call
		rb.calls = append(rb.calls, call)
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
func (f *fileDoc) pointers() map[string]Pos {
	if f.ptrs != nil {
		return f.ptrs
	}
	f.ptrs = map[string]Pos{"": {File: f.name, Line: 1, Column: 1}}
	set := func(ptr string, p Pos) {
		if _, ok := f.ptrs[ptr]; !ok {
			f.ptrs[ptr] = p
		}
	}
	var add func(rb *rawBlock)
	add = func(rb *rawBlock) {
		set(rb.ptr, rb.pos)
		for k, p := range rb.attrPos {
			set(rb.ptr+"/"+escapePointer(k), p)
		}
		for _, c := range rb.calls {
			add(c)
		}
	}
	for _, rb := range f.blocks {
		if rb.typ != "exception" {
			set("/"+rb.typ, rb.pos)
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
	if len(rb.calls) > 0 {
		calls := make(map[string]any, len(rb.calls))
		for _, c := range rb.calls {
			calls[c.name] = c.object()
		}
		obj["call"] = calls
	}
	return obj
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// ctyToGo converts an attribute's value to the plain values a JSON decoder
// would produce (int64 for integral numbers).
func ctyToGo(v cty.Value, depth int) (any, error) {
	if depth > 8 {
		return nil, fmt.Errorf("value nested too deeply")
	}
	if v.IsNull() {
		return nil, nil
	}
	if !v.IsWhollyKnown() {
		return nil, fmt.Errorf("value must be a constant")
	}
	v, _ = v.Unmark()
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString(), nil
	case t == cty.Bool:
		return v.True(), nil
	case t == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			if i, acc := bf.Int64(); acc == big.Exact {
				return i, nil
			}
		}
		f, _ := bf.Float64()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("number out of range")
		}
		return f, nil
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		out := []any{}
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			gv, err := ctyToGo(ev, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, gv)
		}
		return out, nil
	case t.IsObjectType() || t.IsMapType():
		out := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			gv, err := ctyToGo(ev, depth+1)
			if err != nil {
				return nil, err
			}
			out[k.AsString()] = gv
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported value of type %s", t.FriendlyName())
}

// tooDeep reports whether brackets, braces, parentheses or template
// interpolations in src nest more than max levels, with the position where
// that happens. The parsers are recursive, so this runs before them.
func tooDeep(src []byte, max int) (Pos, bool) {
	p, ok, _ := scanNesting(src, max)
	return p, ok
}

// boundary is the start of a line after a top-level block.
type boundary struct{ offset, line int }

// scanNesting is tooDeep that also returns where top-level blocks end.
func scanNesting(src []byte, max int) (Pos, bool, []boundary) {
	var bounds []boundary
	// Each stack entry is the byte that opened a level; '"' is a string
	// (in which only "${" and "%{" open a level).
	var stack []byte
	line, col := 1, 1
	inString := func() bool { return len(stack) > 0 && stack[len(stack)-1] == '"' }
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			line, col = line+1, 1
			continue
		}
		col++
		if inString() {
			switch {
			case c == '\\':
				i++
				col++
			case c == '"':
				stack = stack[:len(stack)-1]
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				stack = append(stack, '{')
				i++
				col++
			}
		} else {
			switch c {
			case '"':
				stack = append(stack, '"')
			case '#':
				for i+1 < len(src) && src[i+1] != '\n' {
					i++
				}
			case '/':
				if i+1 < len(src) && src[i+1] == '/' {
					for i+1 < len(src) && src[i+1] != '\n' {
						i++
					}
				} else if i+1 < len(src) && src[i+1] == '*' {
					i += 2
					for i+1 < len(src) && !(src[i] == '*' && src[i+1] == '/') {
						if src[i] == '\n' {
							line, col = line+1, 1
						}
						i++
					}
					i++
				}
			case '{', '[', '(':
				stack = append(stack, c)
			case '}', ']', ')':
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				if c == '}' && len(stack) == 0 {
					// The next line starts after a top-level block.
					if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
						bounds = append(bounds, boundary{i + j + 1, line + 1})
					}
				}
			}
		}
		if len(stack) > max {
			return Pos{Line: line, Column: col - 1}, false, nil
		}
	}
	return Pos{}, true, bounds
}

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
