package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fakeModules = `# header comment
module	version	kind	half	patterns
example.com/App	v1.0.0	application	tuning	example.com/App/...
example.com/lib	v0.2.0	library	heldout	example.com/lib/...
`

const fakeVerdicts = `# header comment
module	position	analyzer	mode	verdict	reason
example.com/App	main.go:10:2	httpclienttimeout	default	TP	no timeout
example.com/App	main.go:20:2	httpclienttimeout	default	FP	ctx has a deadline
example.com/App	main_test.go:5:1	httpclienttimeout	tests	FP	httptest server
example.com/lib	lib.go:7:3	dialtimeout	default	TP	net.Dial
example.com/lib	lib.go:9:3	dialtimeout	default	FN	net.DialTCP missed
`

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func load(t *testing.T) ([]Module, []Verdict) {
	t.Helper()
	dir := t.TempDir()
	mods, err := readModules(write(t, dir, "modules.tsv", fakeModules))
	if err != nil {
		t.Fatal(err)
	}
	vs, err := readVerdicts(write(t, dir, "verdicts.tsv", fakeVerdicts))
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(mods, vs); err != nil {
		t.Fatal(err)
	}
	return mods, vs
}

func TestScoreFromVerdicts(t *testing.T) {
	mods, vs := load(t)
	def := score(mods, vs, "default", nil, false)
	if c := def.Cells["httpclienttimeout"]["tuning"]; c.TP != 1 || c.FP != 1 || c.precision() != "1/2 = 50%" {
		t.Errorf("default httpclienttimeout tuning = %+v, precision %s", c, c.precision())
	}
	if c := def.Cells["dialtimeout"]["heldout"]; c.recall() != "1/2 = 50%" || c.precision() != "1/1 = 100%" {
		t.Errorf("default dialtimeout heldout = %+v", c)
	}
	tests := score(mods, vs, "tests", nil, false)
	if c := tests.Cells["httpclienttimeout"]["tuning"]; c.FP != 2 || c.precision() != "1/3 = 33%" {
		t.Errorf("tests httpclienttimeout tuning = %+v", c)
	}
	out := tests.format()
	for _, want := range []string{"mode tests", "all analyzers      both", "2/4 = 50%"} {
		if !strings.Contains(out, want) {
			t.Errorf("format lacks %q:\n%s", want, out)
		}
	}
}

func TestScoreMatchedFindings(t *testing.T) {
	mods, vs := load(t)
	cache := "/cache"
	json := `{
	"example.com/App": {"httpclienttimeout": [
		{"posn": "/cache/example.com/!app@v1.0.0/main.go:10:2", "message": "a"},
		{"posn": "/cache/example.com/!app@v1.0.0/new.go:3:1", "message": "new"}]},
	"example.com/App [example.com/App.test]": {"httpclienttimeout": [
		{"posn": "/cache/example.com/!app@v1.0.0/main.go:10:2", "message": "a"}]},
	"example.com/lib": {"dialtimeout": [
		{"posn": "/cache/example.com/lib@v0.2.0/lib.go:9:3", "message": "now found"}],
		"ctxdeadline": {"error": "boom"}},
	"other.com/x": {"dialtimeout": [{"posn": "/cache/other.com/x@v1/x.go:1:1", "message": "not ours"}]}
}`
	fs, err := parseVetJSON([]byte(json), mods, cache)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 3 {
		t.Fatalf("findings = %+v, want 3 (deduplicated, own modules only)", fs)
	}
	tab := score(mods, vs, "default", fs, true)
	app := tab.Cells["httpclienttimeout"]["tuning"]
	if app.Findings != 2 || app.TP != 1 || app.FP != 0 {
		t.Errorf("app cell = %+v: the FP at main.go:20 is gone, new.go:3 has no verdict", app)
	}
	lib := tab.Cells["dialtimeout"]["heldout"]
	if lib.Found != 1 || lib.Missed != 1 {
		t.Errorf("lib cell = %+v: the FN is now found, the TP at lib.go:7 is missed", lib)
	}
	if len(tab.Unverdicted) != 2 {
		t.Errorf("unverdicted = %+v, want new.go:3 and the FN now reported", tab.Unverdicted)
	}
	if len(tab.Lost) != 1 || tab.Lost[0].File != "lib.go" || tab.Lost[0].Line != 7 {
		t.Errorf("lost = %+v, want the TP at lib.go:7", tab.Lost)
	}
	if len(tab.StillFP) != 0 {
		t.Errorf("still FP = %+v, want none: main.go:20 is no longer reported", tab.StillFP)
	}
}

func TestBadRows(t *testing.T) {
	dir := t.TempDir()
	if _, err := readVerdicts(write(t, dir, "v.tsv", "h\nm\tf.go:1\ta\tdefault\tMAYBE\twhy\n")); err == nil {
		t.Error("verdict MAYBE accepted")
	}
	if _, err := readVerdicts(write(t, dir, "v.tsv", "h\nm\tf.go:1\ta\tdefault\tTP\t\n")); err == nil {
		t.Error("verdict without a reason accepted")
	}
	if _, err := readModules(write(t, dir, "m.tsv", "h\nm\tv1\tlibrary\tsometimes\tm/...\n")); err == nil {
		t.Error("half sometimes accepted")
	}
	if f, l, c, err := parsePosition("a/b.go:12:5"); err != nil || f != "a/b.go" || l != 12 || c != 5 {
		t.Errorf("parsePosition = %q %d %d %v", f, l, c, err)
	}
}

func TestOnlyHalf(t *testing.T) {
	mods, vs := load(t)
	ms, kept, err := onlyHalf("tuning", mods, vs)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Path != "example.com/App" {
		t.Errorf("modules = %v, want example.com/App only", ms)
	}
	if len(kept) != 3 {
		t.Errorf("kept %d verdicts, want the 3 of example.com/App", len(kept))
	}
	for _, v := range kept {
		if v.Module != "example.com/App" {
			t.Errorf("kept a verdict of %s", v.Module)
		}
	}
	if _, _, err := onlyHalf("both", mods, vs); err == nil {
		t.Error("-half both was accepted")
	}
}

func TestOnlyModules(t *testing.T) {
	mods, vs := load(t)
	ms, kept, err := onlyModules(`/App$`, mods, vs)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Path != "example.com/App" || len(kept) != 3 {
		t.Errorf("modules = %v, %d verdicts; want example.com/App and its 3", ms, len(kept))
	}
	if _, _, err := onlyModules(`^nothing$`, mods, vs); err == nil {
		t.Error("a pattern matching no module was accepted")
	}
	if _, _, err := onlyModules(`(`, mods, vs); err == nil {
		t.Error("a bad regular expression was accepted")
	}
}
