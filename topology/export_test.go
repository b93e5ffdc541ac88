package topology_test

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nines-dev/nines/internal/testsupport/topopair"
	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/imports"
)

const exportRoot = "../testdata/topology"

// checkDir checks the files below testdata/topology/dir as nines topo
// does: *.nines.hcl as HCL, the rest through the reader of its format.
// Names are relative to testdata/topology.
func checkDir(t *testing.T, dir string) *topology.Report {
	t.Helper()
	fsys := os.DirFS(exportRoot)
	var hcl []string
	var k8s, compose, tf []imports.Source
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		src := imports.Source{Name: p, Data: data}
		switch {
		case strings.HasSuffix(p, ".nines.hcl"):
			hcl = append(hcl, p)
		case imports.IsTerraform(p):
			tf = append(tf, src)
		case imports.IsComposeName(p):
			compose = append(compose, src)
		case imports.IsKubernetes(data):
			k8s = append(k8s, src)
		default:
			return fmt.Errorf("%s: not a topology input", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	imp := &topology.Imported{}
	for _, r := range []struct {
		read func([]imports.Source) (*topology.Imported, topology.ErrorList)
		srcs []imports.Source
	}{{imports.Kubernetes, k8s}, {imports.Compose, compose}, {imports.Terraform, tf}} {
		if len(r.srcs) == 0 {
			continue
		}
		got, errs := r.read(r.srcs)
		if len(errs) > 0 {
			t.Fatalf("reading %s: %v", dir, errs)
		}
		imp.Files = append(imp.Files, got.Files...)
		imp.Routes = append(imp.Routes, got.Routes...)
	}
	r, err := topology.CheckImported(context.Background(), fsys, hcl, imp, topology.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// modelText prints a model without its positions. (topopair.ModelText
// prints the addresses of rpo and rto, not their values.)
func modelText(m *topology.Model) string {
	var b strings.Builder
	for _, c := range m.Components {
		cc := *c
		cc.Pos, cc.Calls, cc.LatencyP99, cc.ReplicationLag, cc.RPO, cc.RTO = topology.Pos{}, nil, nil, nil, nil, nil
		fmt.Fprintf(&b, "%+v\n", cc)
		for _, call := range c.Calls {
			k := *call
			k.Pos, k.Timeout, k.TotalTimeout, k.TotalPos = topology.Pos{}, nil, nil, nil
			fmt.Fprintf(&b, "  %+v\n", k)
		}
	}
	for _, z := range m.Zones {
		fmt.Fprintf(&b, "zone %q %v %v\n", z.Name, z.Availability, z.Modelled)
	}
	for _, j := range m.Journeys {
		fmt.Fprintf(&b, "journey %q entry=%q slo=%v window=%q minutes=%v timeout=%s\n",
			j.Name, j.Entry, j.SLO, j.Window, j.WindowMinutes, topopair.Seconds(j.Timeout))
	}
	for _, e := range m.Exceptions {
		fmt.Fprintf(&b, "exception %q %q %q\n", e.Rule, e.Subject, e.Reason)
	}
	for _, c := range m.Components {
		fmt.Fprintf(&b, "%s latency=%s lag=%s rpo=%s rto=%s\n", c.Name, topopair.Seconds(c.LatencyP99),
			topopair.Seconds(c.ReplicationLag), topopair.Seconds(c.RPO), topopair.Seconds(c.RTO))
		for _, call := range c.Calls {
			fmt.Fprintf(&b, "  %s timeout=%s total=%s\n", call.ID(), topopair.Seconds(call.Timeout), topopair.Seconds(call.TotalTimeout))
		}
	}
	return b.String()
}

var fromComment = regexp.MustCompile(`(?m)^\s*# from .*\n`)

// TestExportRoundTrip: the HCL exported from each shop (imported with its
// overlay, or written in HCL) loads back to the same model, availability
// and findings; exporting that again gives the same blocks, and every
// block is preceded by the position it was read from.
func TestExportRoundTrip(t *testing.T) {
	for _, dir := range []string{"k8s-shop", "compose-shop", "terraform-shop", "naive-shop", "reviewed-shop"} {
		t.Run(dir, func(t *testing.T) {
			orig := checkDir(t, dir)
			out := topology.ExportHCL(orig.Model)
			if again := topology.ExportHCL(checkDir(t, dir).Model); string(again) != string(out) {
				t.Fatalf("two exports differ:\n%s\n---\n%s", out, again)
			}
			back, err := topology.CheckFiles(context.Background(), map[string][]byte{"export.nines.hcl": out}, topology.Options{})
			if err != nil {
				t.Fatalf("the export does not load: %v\n%s", err, out)
			}
			if g, w := modelText(back.Model), modelText(orig.Model); g != w {
				t.Errorf("reloaded:\n%s\noriginal:\n%s\nexport:\n%s", g, w, out)
			}
			if len(orig.Journeys) == 0 || len(back.Journeys) != len(orig.Journeys) {
				t.Fatalf("%d journeys reloaded, %d originally", len(back.Journeys), len(orig.Journeys))
			}
			for i, j := range orig.Journeys {
				if g, w := back.Journeys[i].Availability, j.Availability; g != w {
					t.Errorf("%s: availability %v reloaded, %v originally", j.Journey.Name, g, w)
				}
			}
			if g, w := topopair.FindingKeys(back), topopair.FindingKeys(orig); !slices.Equal(g, w) {
				t.Errorf("findings reloaded %q, originally %q", g, w)
			}
			second := topology.ExportHCL(back.Model)
			if g, w := fromComment.ReplaceAllString(string(second), ""), fromComment.ReplaceAllString(string(out), ""); g != w {
				t.Errorf("exporting the reloaded export changes it:\n%s\n---\n%s", g, w)
			}
			checkComments(t, orig.Model, string(out))
		})
	}
}

// checkComments checks that the comment before each component and call
// block names the file and line of its position in the model.
func checkComments(t *testing.T, m *topology.Model, out string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	var comp *topology.Component
	blocks := 0
	for i, l := range lines {
		head := strings.TrimSpace(l)
		kind, name, ok := strings.Cut(head, " \"")
		if !ok || !strings.HasSuffix(head, "\" {") {
			continue
		}
		name = strings.TrimSuffix(name, "\" {")
		var want topology.Pos
		switch {
		case kind == "call":
			i := -1
			for k, c := range comp.Calls {
				if c.To == name {
					i = k
				}
			}
			if i < 0 {
				t.Fatalf("line %d: %s has no call %q", i+1, comp.Name, name)
			}
			want = comp.Calls[i].Pos
		case m.Component(name) != nil && kind == m.Component(name).Kind:
			comp = m.Component(name)
			want = comp.Pos
		default:
			continue
		}
		blocks++
		if i == 0 || strings.TrimSpace(lines[i-1]) != fmt.Sprintf("# from %s:%d", want.File, want.Line) {
			t.Errorf("line %d (%s): want the comment %q before it, got %q", i+1, head, fmt.Sprintf("# from %s:%d", want.File, want.Line), lines[max(i-1, 0)])
		}
	}
	if want := len(m.Components) + len(m.Calls); blocks != want {
		t.Errorf("%d component and call blocks exported, want %d", blocks, want)
	}
}

// TestExportImportedCommentsNameTheSource: components read from
// manifests and Terraform are exported after the line they were read
// from (the Deployment's replicas, the resource).
func TestExportImportedCommentsNameTheSource(t *testing.T) {
	for dir, ext := range map[string]string{"k8s-shop": ".yaml", "compose-shop": ".yaml", "terraform-shop": ".tf"} {
		m := checkDir(t, dir).Model
		out := string(topology.ExportHCL(m))
		n := strings.Count(out, ext+":")
		if n == 0 {
			t.Errorf("%s: no comment names a %s file:\n%s", dir, ext, out)
		}
		for _, c := range m.Components {
			if strings.HasSuffix(c.Pos.File, ext) && !strings.Contains(out, fmt.Sprintf("# from %s:%d\n%s %q {", c.Pos.File, c.Pos.Line, c.Kind, c.Name)) {
				t.Errorf("%s: %s %q is not exported after the comment naming %s", dir, c.Kind, c.Name, c.Pos)
			}
		}
	}
}

// TestExportQuotesStrings: names and values holding quotes, backslashes,
// control characters and template sequences read back as they were.
func TestExportQuotesStrings(t *testing.T) {
	src := `
zone "z \"1\"" {}

service "a\\b $${x} %%{y}" {
  zones  = ["z \"1\""]
  engine = "line\nbreak\ttab \u0001 é"
  call "c$" {
    fallback = "d%"
  }
}
service "c$" {}
service "d%" {}

journey "j" {
  entry = "a\\b $${x} %%{y}"
  slo   = "99%"
}

exception {
  rule    = "spof/single-instance"
  subject = "d%"
  reason  = "a \"reason\" $${with} a template"
}
`
	m, err := topology.LoadBytes("weird.nines.hcl", []byte(src), topology.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Component(`a\b ${x} %{y}`) == nil {
		t.Fatalf("the fixture does not say what the test means: components %v", m.Components)
	}
	out := topology.ExportHCL(m)
	back, err := topology.LoadBytes("export.nines.hcl", out, topology.Limits{})
	if err != nil {
		t.Fatalf("the export does not load: %v\n%s", err, out)
	}
	if g, w := modelText(back), modelText(m); g != w {
		t.Errorf("reloaded:\n%s\noriginal:\n%s\nexport:\n%s", g, w, out)
	}
}

// TestExportCommentQuotesOddFileNames: a file name with a newline cannot
// end the comment and start a line of HCL.
func TestExportCommentQuotesOddFileNames(t *testing.T) {
	name := "x\nservice \"evil\" {}\n#.nines.hcl"
	m, err := topology.Load(fstest.MapFS{name: {Data: []byte(`service "a" {}`)}}, []string{name}, topology.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	out := topology.ExportHCL(m)
	back, err := topology.LoadBytes("export.nines.hcl", out, topology.Limits{})
	if err != nil {
		t.Fatalf("the export does not load: %v\n%s", err, out)
	}
	if len(back.Components) != 1 {
		t.Errorf("%d components read back from:\n%s", len(back.Components), out)
	}
}

// TestExportUnitsReadBack: every duration and availability written reads
// back to the same float64, over values a topology can hold.
func TestExportUnitsReadBack(t *testing.T) {
	// The values a topology holds are what ParseDuration reads: Go
	// durations (to the nanosecond) and days, whole or not, read back
	// exactly; days and nanoseconds together within a nanosecond (half of it from rounding, the rest the float64 spacing at a month).
	exact := []string{"0s", "1ns", "1ms", "250ms", "1.5s", "60s", "90s", "1h", "1h30m", "1d", "1.5d", "30d", "365.25d", "0.000001428898d", "36500d"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		exact = append(exact, fmt.Sprintf("%dms", r.IntN(1e7)), fmt.Sprintf("%dd", r.IntN(400)), fmt.Sprintf("%dh%dm%dns", r.IntN(1e4), r.IntN(60), r.IntN(1e9)),
			fmt.Sprintf("%.*fd", r.IntN(9), r.Float64()*400), fmt.Sprintf("%.*fs", r.IntN(10), r.Float64()*1e4))
	}
	for _, text := range exact {
		d, err := topology.ParseDuration(text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		s := topology.FormatDuration(d)
		back, err := topology.ParseDuration(s)
		if err != nil || back != d {
			t.Errorf("%q is %v s, written %q, which reads back as %v (%v)", text, d, s, back, err)
		}
	}
	for range 3000 {
		text := fmt.Sprintf("%.*fd%dns", r.IntN(9), r.Float64()*40, r.IntN(1e9))
		d, _ := topology.ParseDuration(text)
		s := topology.FormatDuration(d)
		if back, err := topology.ParseDuration(s); err != nil || math.Abs(back-d) > 1e-9 {
			t.Errorf("%q is %v s, written %q, which reads back as %v (%v)", text, d, s, back, err)
		}
	}
	for _, tc := range []struct {
		secs float64
		want string
	}{{0.25, "250ms"}, {90, "1m30s"}, {5400, "1h30m"}, {3600, "1h"}, {2592000, "30d"}, {129600, "36h"}} {
		if got := topology.FormatDuration(tc.secs); got != tc.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tc.secs, got, tc.want)
		}
	}
	avail := []float64{1, 0.999, 0.9995, 0.99999, 0.5, 1e-9, 0.9990000000000001, 0.1 + 0.2}
	for range 2000 {
		avail = append(avail, 1-r.Float64()*0.01, r.Float64()+1e-12)
	}
	for _, a := range avail {
		src := fmt.Sprintf("zone \"z\" {\n  availability = %v\n}\n", a)
		m, err := topology.LoadBytes("a.nines.hcl", []byte(src), topology.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		out := topology.ExportHCL(m)
		back, err := topology.LoadBytes("b.nines.hcl", out, topology.Limits{})
		if err != nil {
			t.Fatalf("%v: %v\n%s", a, err, out)
		}
		if g := back.Zones[0].Availability; g != m.Zones[0].Availability {
			t.Errorf("availability %v is exported as\n%s\nwhich reads back as %v", m.Zones[0].Availability, out, g)
		}
	}
}
