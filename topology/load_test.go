package topology

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nines-dev/nines/internal/hclschema"
)

// loadErrors loads src as one file and returns its errors as
// "line:col: message" strings.
func loadErrors(t *testing.T, name, src string) []string {
	t.Helper()
	_, err := LoadBytes(name, []byte(src), Limits{})
	if err == nil {
		return nil
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load returned %T (%v), want an ErrorList", err, err)
	}
	var out []string
	for _, e := range list {
		if e.Pos.File != name {
			t.Errorf("error %q names file %q, want %q", e, e.Pos.File, name)
		}
		out = append(out, strings.TrimPrefix(e.Error(), name+":"))
	}
	return out
}

func TestLoadReportsEveryErrorAtItsPosition(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // each "line:col: substring"
	}{
		{"syntax", "service \"a\" {\n  instances = \n}\n", []string{"2:15: invalid expression"}},
		{"unknown block", "server \"a\" {}\n", []string{"1:1: unsupported block type"}},
		{"missing label", "service {}\n", []string{"1:9: missing name for service"}},
		{"unknown attribute", "service \"a\" {\n  colour = \"blue\"\n}\n", []string{`2:3: unsupported argument: an argument named "colour"`}},
		{"type", "service \"a\" {\n  instances = \"two\"\n}\n", []string{"2:3: instances must be an integer, not string"}},
		{"minimum", "cache \"a\" {\n  instances = 0\n}\n", []string{"2:3: instances must be at least 1, not 0"}},
		{"enum", "database \"a\" {\n  replication = \"semi\"\n}\n", []string{`2:3: replication must be one of "none", "sync", "async", not "semi"`}},
		{"percent over 100", "zone \"z\" {\n  availability = \"101%\"\n}\n", []string{`2:3: availability: "101%" must be a percentage in (0%, 100%]`}},
		{"fraction over 1", "external \"x\" {\n  availability = 99.9\n}\n", []string{"2:3: availability must be at most 1, not 99.9"}},
		{"duration", "service \"a\" {\n  call \"b\" {\n    timeout = 3\n  }\n}\nservice \"b\" {}\n", []string{"3:5: timeout must be a duration string"}},
		{"bad duration", "service \"a\" {\n  mttr = \"soon\"\n}\n", []string{`2:3: mttr must be a duration such as "800ms", "2s" or "30d", not "soon"`}},
		{"missing required", "service \"a\" {}\njourney \"j\" {\n  entry = \"a\"\n}\n", []string{`2:1: journey "j" is missing attribute "slo"`}},
		{"exception reason", "exception {\n  rule = \"r\"\n  subject = \"s\"\n  reason = \"  \"\n}\n", []string{"4:3: an exception needs a reason"}},
		{"variables", "service \"a\" {\n  instances = var.n\n}\n", []string{"2:15: variables not allowed"}},
		{"duplicate component", "service \"a\" {}\ndatabase \"a\" {}\n", []string{`2:1: component "a" is already declared at duplicate component:1:1`}},
		{"duplicate call", "service \"a\" {\n  call \"b\" {}\n  call \"b\" {}\n}\nservice \"b\" {}\n", []string{`3:3: service "a" already calls "b" at duplicate call:2:3`}},
		{"duplicate journey", "service \"a\" {}\njourney \"j\" {\n  entry = \"a\"\n  slo = \"99%\"\n}\njourney \"j\" {\n  entry = \"a\"\n  slo = \"99%\"\n}\n", []string{`6:1: journey "j" is already declared at duplicate journey:2:1`}},
		{"unknown target", "service \"a\" {\n  call \"b\" {}\n}\n", []string{`2:3: service "a" calls unknown component "b"`}},
		{"unknown fallback", "service \"a\" {\n  call \"b\" {\n    fallback = \"c\"\n  }\n}\nservice \"b\" {}\n", []string{`3:5: call a->b falls back to unknown component "c"`}},
		{"fallback to itself", "service \"a\" {\n  call \"b\" {\n    fallback = \"b\"\n  }\n}\nservice \"b\" {}\n", []string{`3:5: call a->b falls back to its own target`}},
		{"unknown zone", "zone \"z1\" {}\nservice \"a\" {\n  zones = [\"z1\", \"z2\"]\n}\n", []string{`3:3: service "a" is placed in unknown zone "z2"`}},
		{"unknown session store", "service \"a\" {\n  session_store = \"redis\"\n}\n", []string{`2:3: service "a" keeps sessions in unknown component "redis"`}},
		{"unknown entry", "service \"a\" {}\njourney \"j\" {\n  entry = \"web\"\n  slo = \"99%\"\n}\n", []string{`3:3: journey "j" enters through unknown component "web"`}},
		{"min healthy", "service \"a\" {\n  instances = 2\n  min_healthy = 3\n}\n", []string{"3:3: min_healthy 3 exceeds instances 2"}},
		{"cycle", "service \"a\" {\n  call \"b\" {}\n}\nservice \"b\" {\n  call \"a\" {}\n}\n", []string{"5:3: required calls form a cycle: a -> b -> a"}},
		{"cycle through fallback", "service \"a\" {\n  call \"b\" {\n    fallback = \"c\"\n  }\n}\nservice \"b\" {}\nservice \"c\" {\n  call \"a\" {}\n}\n", []string{"8:3: required calls form a cycle: a -> c -> a"}},
		{"self call", "service \"a\" {\n  call \"a\" {}\n}\n", []string{"2:3: required calls form a cycle: a -> a"}},
		{"too deep", "service \"a\" {\n  zones = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n}\n", []string{"2:42: expression nested more than 32 levels deep"}},
		{"deep template", "service \"a\" {\n  engine = \"" + strings.Repeat("${\"", 40) + "\n}\n", []string{"expression nested more than 32 levels deep"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := loadErrors(t, tc.name, tc.src)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d errors %q, want %d like %q", len(got), got, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				pos, msg, _ := strings.Cut(w, ": ")
				if !strings.Contains(w, ": ") || !strings.Contains(pos, ":") {
					pos, msg = "", w
				}
				if !strings.HasPrefix(got[i], pos) || !strings.Contains(strings.ToLower(got[i]), strings.ToLower(msg)) {
					t.Errorf("error %d = %q, want %q", i, got[i], w)
				}
			}
		})
	}
}

func TestOptionalCallsMayFormCycles(t *testing.T) {
	src := "service \"a\" {\n  call \"b\" {}\n}\nservice \"b\" {\n  call \"a\" {\n    required = false\n  }\n}\n"
	if errs := loadErrors(t, "ok.nines.hcl", src); errs != nil {
		t.Fatalf("unexpected errors: %q", errs)
	}
}

func TestLoadJSONSyntaxMatchesHCL(t *testing.T) {
	hclSrc := `
zone "z" {
  availability = "99.9%"
}
service "api" {
  instances = 3
  zones     = ["z"]
  call "db" {
    timeout  = "250ms"
    retries  = 2
    fallback = "cache"
  }
}
database "db" {}
cache "cache" {}
journey "j" {
  entry  = "api"
  slo    = 0.99
  window = "month"
}
`
	jsonSrc := `{
  "zone": {"z": {"availability": "99.9%"}},
  "service": {"api": {"instances": 3, "zones": ["z"], "call": {"db": {"timeout": "250ms", "retries": 2, "fallback": "cache"}}}},
  "database": {"db": {}},
  "cache": {"cache": {}},
  "journey": {"j": {"entry": "api", "slo": 0.99, "window": "month"}}
}`
	fsys := fstest.MapFS{"a.nines.hcl": {Data: []byte(hclSrc)}, "b.nines.hcl.json": {Data: []byte(jsonSrc)}}
	ma, err := Load(fsys, []string{"a.nines.hcl"}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	mb, err := Load(fsys, []string{"b.nines.hcl.json"}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	fa, fb := BuildFacts(Analyze(ma)), BuildFacts(Analyze(mb))
	if fa.Journeys[0].Availability != fb.Journeys[0].Availability || fa.Calls[0].Retries != 2 || fb.Calls[0].Retries != 2 ||
		*fb.Calls[0].TimeoutSeconds != 0.25 || fb.Calls[0].Fallback != "cache" || fb.Components["api"].Instances != 3 {
		t.Errorf("JSON syntax decoded differently: %+v vs %+v", fa.Journeys[0], fb.Journeys[0])
	}
	if fb.Calls[0].Line != 3 || fb.Calls[0].File != "b.nines.hcl.json" {
		t.Errorf("call position in JSON = %s:%d:%d, want line 3", fb.Calls[0].File, fb.Calls[0].Line, fb.Calls[0].Column)
	}
	_, err = LoadBytes("bad.nines.json", []byte(`{"service": {"api": {"instances": "x"}}}`), Limits{})
	if err == nil || !strings.Contains(err.Error(), "bad.nines.json:1:22: instances must be an integer") {
		t.Errorf("JSON schema error = %v", err)
	}
}

func TestLoadSeveralFilesAsOneTopology(t *testing.T) {
	fsys := fstest.MapFS{
		"a/api.nines.hcl": {Data: []byte("service \"api\" {\n  call \"db\" {}\n}\n")},
		"b/db.nines.hcl":  {Data: []byte("database \"db\" {}\nservice \"api\" {}\n")},
	}
	_, err := Load(fsys, []string{"a/api.nines.hcl", "b/db.nines.hcl"}, Limits{})
	if err == nil || err.Error() != `b/db.nines.hcl:2:1: component "api" is already declared at a/api.nines.hcl:1:1` {
		t.Errorf("err = %v", err)
	}
	_, err = Load(fsys, []string{"a/api.nines.hcl", "missing.nines.hcl"}, Limits{})
	if err == nil || !strings.Contains(err.Error(), "missing.nines.hcl: cannot read topology file: file does not exist") {
		t.Errorf("err = %v", err)
	}
}

// hugeFS holds one file that claims 50 MB and fails the test if more than
// the limit is read from it.
type hugeFS struct {
	t    *testing.T
	read int64
}

func (h *hugeFS) Open(name string) (fs.File, error) { return &hugeFile{h}, nil }

type hugeFile struct{ h *hugeFS }

func (f *hugeFile) Stat() (fs.FileInfo, error) { return hugeInfo{}, nil }
func (f *hugeFile) Close() error               { return nil }
func (f *hugeFile) Read(p []byte) (int, error) {
	f.h.read += int64(len(p))
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

type hugeInfo struct{}

func (hugeInfo) Name() string       { return "huge.nines.hcl" }
func (hugeInfo) Size() int64        { return 50 << 20 }
func (hugeInfo) Mode() fs.FileMode  { return 0o444 }
func (hugeInfo) ModTime() time.Time { return time.Time{} }
func (hugeInfo) IsDir() bool        { return false }
func (hugeInfo) Sys() any           { return nil }

func TestLoadRefusesHugeFilesWithoutReadingThem(t *testing.T) {
	h := &hugeFS{t: t}
	_, err := Load(h, []string{"huge.nines.hcl"}, Limits{})
	if err == nil || err.Error() != "huge.nines.hcl: file is 52428800 bytes, over the limit of 10485760 bytes for one topology file" {
		t.Fatalf("err = %v", err)
	}
	if h.read != 0 {
		t.Errorf("read %d bytes of a file over the limit", h.read)
	}
	// A file whose size is not known in advance is cut at the limit.
	_, err = Load(unsizedFS{}, []string{"stream.nines.hcl"}, Limits{MaxFileBytes: 1 << 10})
	if err == nil || !strings.Contains(err.Error(), "over the limit of 1024 bytes") {
		t.Fatalf("err = %v", err)
	}
}

type unsizedFS struct{}

func (unsizedFS) Open(string) (fs.File, error) { return unsizedFile{}, nil }

type unsizedFile struct{}

func (unsizedFile) Stat() (fs.FileInfo, error) { return unsizedInfo{}, nil }
func (unsizedFile) Close() error               { return nil }
func (unsizedFile) Read(p []byte) (int, error) { return copy(p, strings.Repeat("#", len(p))), nil }

type unsizedInfo struct{ hugeInfo }

func (unsizedInfo) Size() int64 { return 0 }

var _ io.Reader = unsizedFile{}

func TestLoadLimitsBlocks(t *testing.T) {
	var b strings.Builder
	for i := range 50 {
		b.WriteString("service \"s" + strings.Repeat("x", i) + "\" {}\n")
	}
	_, err := LoadBytes("many.nines.hcl", []byte(b.String()), Limits{MaxBlocks: 20})
	if err == nil || err.Error() != "many.nines.hcl:21:1: more than 20 blocks in the topology" {
		t.Fatalf("err = %v", err)
	}
}

func TestDefaults(t *testing.T) {
	m, err := LoadBytes("d.nines.hcl", []byte("service \"a\" {\n  call \"b\" {}\n}\nexternal \"b\" {\n  instances = 4\n}\n"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := m.Component("a"), m.Component("b")
	if a.Instances != 1 || a.InstanceAvailability != 0.999 || a.MinHealthy != 1 || a.Mode != "active-active" ||
		a.Failover != "automatic" || a.FailoverTime != 60 || a.MTTR != 3600 || !a.Stateless || a.Consistency != "strong" ||
		a.Replication != "none" || a.LatencyP99 != nil {
		t.Errorf("component defaults: %+v", a)
	}
	c := a.Calls[0]
	if c.Retries != 0 || c.Backoff != "none" || c.Jitter || c.Idempotent || !c.Required || c.Timeout != nil || c.Consistency != "" {
		t.Errorf("call defaults: %+v", c)
	}
	if b.Instances != 1 {
		t.Errorf("an external's instances are ignored, got %d", b.Instances)
	}
}

func TestParallelParseKeepsPositions(t *testing.T) {
	var b strings.Builder
	for i := range 4000 {
		fmt.Fprintf(&b, "service \"s%d\" {\n  instances = 2\n  call \"s%d\" {\n    timeout = \"1s\"\n  }\n}\n\n", i, i+1)
	}
	b.WriteString("service \"s4000\" {\n  instances = \"many\"\n}\n")
	src := b.String()
	if len(src) < parallelParseMin {
		t.Fatalf("source of %d bytes is parsed in one piece", len(src))
	}
	_, err := LoadBytes("big.nines.hcl", []byte(src), Limits{})
	want := fmt.Sprintf("big.nines.hcl:%d:3: instances must be an integer, not string", strings.Count(src, "\n")-1)
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	// A syntax error far into the file is reported at its own line.
	broken := strings.Replace(src, "service \"s2500\" {\n  instances = 2", "service \"s2500\" {\n  instances = = 2", 1)
	line := strings.Count(src[:strings.Index(src, "service \"s2500\"")], "\n") + 2
	_, err = LoadBytes("big.nines.hcl", []byte(broken), Limits{})
	if err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("big.nines.hcl:%d:15: ", line)) {
		t.Fatalf("err = %v, want an error at line %d", err, line)
	}
	m, err := LoadBytes("ok.nines.hcl", []byte(strings.Replace(src, "\"many\"", "2", 1)), Limits{})
	if err != nil || len(m.Components) != 4001 || len(m.Calls) != 4000 || m.Component("s4000").Pos.Line != strings.Count(src, "\n")-2 {
		t.Fatalf("parallel parse lost blocks or positions: %v", err)
	}
}

func TestLoadLimitsTotalSize(t *testing.T) {
	fsys := fstest.MapFS{}
	var names []string
	for i := range 5 {
		name := fmt.Sprintf("f%d.nines.hcl", i)
		fsys[name] = &fstest.MapFile{Data: []byte(fmt.Sprintf("service \"s%d\" {}\n", i))}
		names = append(names, name)
	}
	_, err := Load(fsys, names, Limits{MaxTotal: 40})
	if err == nil || err.Error() != "f2.nines.hcl: the topology files add up to more than 40 bytes" {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadBoundsErrors(t *testing.T) {
	// Unknown blocks count against the block limit like known ones.
	_, err := LoadBytes("a.nines.hcl", []byte(strings.Repeat("a {}\n", 1000)), Limits{MaxBlocks: 100})
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].Error() != "a.nines.hcl:101:1: more than 100 blocks in the topology" {
		t.Errorf("err = %v", err)
	}
	// Nested ones too.
	_, err = LoadBytes("n.nines.hcl", []byte("service \"s\" {\n"+strings.Repeat("  x {}\n", 200)+"}\n"), Limits{MaxBlocks: 100})
	if err == nil || err.Error() != "n.nines.hcl:101:3: more than 100 blocks in the topology" {
		t.Errorf("err = %v", err)
	}
	// Within the limits, the list of errors stops at MaxErrors.
	_, err = LoadBytes("e.nines.hcl", []byte(strings.Repeat("service \"s\" {\n  instances = 0\n}\n", 1)+strings.Repeat("a {}\n", 500)), Limits{})
	if !errors.As(err, &list) || len(list) != MaxErrors+1 || !strings.Contains(list.Error(), "too many errors (more than 200): stopping here") {
		t.Errorf("got %d errors", len(list))
	}
}

// everyBlock holds one block of every type the schema has, so that the
// model reads every attribute it knows.
func everyBlock() string {
	var b strings.Builder
	b.WriteString("zone \"z\" {}\nservice \"sink\" {}\n")
	for _, k := range Kinds {
		fmt.Fprintf(&b, "%s %q {\n  call \"sink\" {}\n}\n", k, "x-"+k)
	}
	b.WriteString("journey \"j\" {\n  entry = \"x-service\"\n  slo = \"99%\"\n}\n")
	b.WriteString("exception {\n  rule = \"r\"\n  subject = \"s\"\n  reason = \"why\"\n}\n")
	return b.String()
}

// The schema is where an attribute's name, type, default and doc are
// written; the model must read exactly its attributes, as its types,
// with its defaults. Adding an attribute to one and not the other fails
// here.
func TestModelReadsWhatTheSchemaDeclares(t *testing.T) {
	lang, err := topologyLanguage()
	if err != nil {
		t.Fatal(err)
	}
	type read struct {
		as  readKind
		def any
	}
	reads := map[*hclschema.Block]map[string]read{}
	decodeHook = func(b *hclschema.Block, attr string, as readKind, def any) {
		if reads[b] == nil {
			reads[b] = map[string]read{}
		}
		reads[b][attr] = read{as, def}
	}
	defer func() { decodeHook = nil }()
	if _, err := LoadBytes("every.nines.hcl", []byte(everyBlock()), Limits{}); err != nil {
		t.Fatal(err)
	}
	lang.root.Walk(func(b *hclschema.Block) {
		if b == lang.root {
			return
		}
		got := reads[b]
		for _, a := range b.Attrs {
			r, ok := got[a.Name]
			if !ok {
				t.Errorf("%s.%s is in the schema but the model does not read it (build.go)", b.Type, a.Name)
				continue
			}
			if want := schemaReadKind(a); r.as != want {
				t.Errorf("%s.%s is read as %s, but the schema says %s", b.Type, a.Name, r.as, want)
			}
			if err := sameDefault(a, r.as, r.def); err != nil {
				t.Errorf("%s.%s: %v", b.Type, a.Name, err)
			}
		}
		for name := range got {
			if b.Attr(name) == nil {
				t.Errorf("the model reads %s.%s, which the schema does not declare", b.Type, name)
			}
		}
	})
}

// schemaReadKind is how the model should read an attribute of the schema.
func schemaReadKind(a *hclschema.Attr) readKind {
	switch {
	case a.Ref == "availability":
		return readAvailability
	case a.Ref == "duration":
		return readDuration
	case len(a.Enum) > 0:
		for _, v := range a.Enum {
			if _, ok := v.(string); !ok {
				return "enum of other values"
			}
		}
		return readString
	case len(a.Type) == 1 && a.Type[0] == "array" && a.Items != nil && schemaReadKind(a.Items) == readString:
		return readStrings
	case len(a.Type) == 1:
		return readKind(a.Type[0])
	}
	return readKind(strings.Join(a.Type, " or "))
}

// sameDefault checks the model's default against the schema's: equal
// when the schema has one, else none or the zero value.
func sameDefault(a *hclschema.Attr, as readKind, def any) error {
	if !a.HasDefault {
		switch def {
		case nil, "", false, int64(0):
			return nil
		}
		if a.Required {
			return nil
		}
		return fmt.Errorf("the model defaults to %v, the schema has no default", def)
	}
	want := a.Default
	switch as {
	case readAvailability:
		v, err := ParseAvailability(a.Default)
		if err != nil {
			return fmt.Errorf("schema default: %w", err)
		}
		if d, ok := def.(float64); ok && math.Abs(d-v) < 1e-12 {
			return nil // "99.9%" is 0.9990000000000001
		}
		want = v
	case readDuration:
		s, _ := a.Default.(string)
		v, err := ParseDuration(s)
		if err != nil {
			return fmt.Errorf("schema default: %w", err)
		}
		want = float64(v)
	}
	if def != want {
		return fmt.Errorf("the model defaults to %#v, the schema to %#v", def, a.Default)
	}
	return nil
}

// The top-level block types are the component kinds the model knows,
// zone, journey and exception; build.go switches on these names.
func TestKindsAreTheSchemas(t *testing.T) {
	lang, err := topologyLanguage()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range lang.root.Blocks {
		got = append(got, b.Type)
	}
	want := append(append([]string{"zone"}, Kinds...), "journey", "exception")
	if !slices.Equal(got, want) {
		t.Errorf("schema block types %v, model %v", got, want)
	}
	for _, k := range Kinds {
		if !slices.Equal(lang.root.Block(k).Body.Attributes, lang.root.Block(KindService).Body.Attributes) {
			t.Errorf("%s has other attributes than service: the model reads every kind alike", k)
		}
	}
}

// Brackets that HCL's parser sees nest however they follow a heredoc, an
// escaped interpolation or a string over lines; the loader's old scanner
// lost track of the first two and let the parser recurse.
func TestNestingIsSeenWhereHCLSeesIt(t *testing.T) {
	deep := strings.Repeat("[", 40) + strings.Repeat("]", 40)
	for _, tc := range []struct{ name, src, want string }{
		{"after a heredoc with a quote", "service \"a\" {\n  engine = <<EOT\n\"\nEOT\n  zones = " + deep + "\n}\n", "5:42"},
		{"after $${", "service \"a\" {\n  engine = \"$${\"\n  zones = " + deep + "\n}\n", "3:42"},
		{"after a string over lines", "service \"a\" {\n  engine = \"x\n\" zones = " + deep + "\n}\n", "3:42"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := loadErrors(t, "deep.nines.hcl", tc.src)
			want := []string{tc.want + ": expression nested more than 32 levels deep"}
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
	for _, src := range []string{
		"service \"a\" {\n  engine = <<-EOT\n  " + strings.Repeat("[", 40) + "\n  EOT\n}\n",
		"service \"a\" {\n  engine = \"" + strings.Repeat("$${", 40) + "\"\n}\n",
	} {
		if _, err := LoadBytes("text.nines.hcl", []byte(src), Limits{}); err != nil {
			t.Errorf("brackets in text are not nesting: %v", err)
		}
	}
}

// The depth error is where HCL would put the bracket, in characters.
func TestNestingErrorColumnIsHCLs(t *testing.T) {
	src := "service \"a\" {\n  engine = \"日本é\" zones = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n}\n"
	got := loadErrors(t, "deep.nines.hcl", src)
	want := []string{"2:57: expression nested more than 32 levels deep"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
