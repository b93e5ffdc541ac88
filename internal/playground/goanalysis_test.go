package playground

import (
	"go/ast"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// sleepFact marks a function that calls time.Sleep, so a caller in another
// playground package is reported: it checks that facts flow between the
// user's packages.
type sleepFact struct{}

func (*sleepFact) AFact()         {}
func (*sleepFact) String() string { return "sleeps" }

var sleeps = &analysis.Analyzer{
	Name:      "sleeps",
	Doc:       "sleeps: report calls of functions that sleep",
	URL:       "https://example.com/sleeps",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(sleepFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
			fd := n.(*ast.FuncDecl)
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var id *ast.Ident
				switch fun := call.Fun.(type) {
				case *ast.Ident:
					id = fun
				case *ast.SelectorExpr:
					id = fun.Sel
				default:
					return true
				}
				obj := pass.TypesInfo.Uses[id]
				if obj == nil {
					return true
				}
				if obj.Pkg() != nil && obj.Pkg().Path() == "time" && obj.Name() == "Sleep" {
					pass.ExportObjectFact(pass.TypesInfo.Defs[fd.Name], new(sleepFact))
				}
				if pass.ImportObjectFact(obj, new(sleepFact)) {
					pass.Report(analysis.Diagnostic{
						Pos: call.Pos(), End: call.End(),
						Message: "call of " + obj.Name() + " sleeps",
						SuggestedFixes: []analysis.SuggestedFix{{
							Message:   "remove the call",
							TextEdits: []analysis.TextEdit{{Pos: call.Pos(), End: call.End(), NewText: []byte("_ = 0")}},
						}},
					})
				}
				return true
			})
		})
		return nil, nil
	},
}

var panics = &analysis.Analyzer{
	Name: "panics",
	Doc:  "panics: always fails",
	Run:  func(*analysis.Pass) (any, error) { panic("boom") },
}

func TestAnalyzeAcrossPackagesWithFacts(t *testing.T) {
	s := NewGoSession([]*analysis.Analyzer{sleeps})
	res := s.Analyze(GoRequest{Files: []File{
		{Name: "lib/lib.go", Content: "package lib\n\nimport \"time\"\n\nfunc Nap() { time.Sleep(1) }\n"},
		{Name: "main.go", Content: "package main\n\nimport \"play/lib\"\n\n// é 𝄞\nfunc main() {\n\tlib.Nap() //nolint:other\n\tlib.Nap() //nolint:sleeps // tested\n}\n"},
	}})
	if len(res.Notes) != 0 {
		t.Fatalf("notes: %+v", res.Notes)
	}
	if len(res.Diagnostics) != 1 {
		t.Fatalf("got %d diagnostics, want 1 (the second call is //nolint'd): %+v", len(res.Diagnostics), res.Diagnostics)
	}
	d := res.Diagnostics[0]
	if d.File != "main.go" || d.Line != 7 || d.Column != 2 || d.Message != "call of Nap sleeps" || d.URL != "https://example.com/sleeps" {
		t.Errorf("diagnostic = %+v", d)
	}
	// "// é 𝄞\n" is 11 bytes but 8 UTF-16 units: the editor's offsets must
	// count UTF-16 units.
	src := res.Diagnostics[0]
	prefix := "package main\n\nimport \"play/lib\"\n\n// é 𝄞\nfunc main() {\n\t"
	if got, want := src.From, len([]rune(prefix))+1; got != want { // 𝄞 is two UTF-16 units
		t.Errorf("From = %d, want %d", got, want)
	}
	if got, want := src.To-src.From, len("lib.Nap()"); got != want {
		t.Errorf("To-From = %d, want %d", got, want)
	}
	if len(d.Fixes) != 1 || len(d.Fixes[0].Edits) != 1 || d.Fixes[0].Edits[0].Start != len(prefix) {
		t.Fatalf("fixes = %+v", d.Fixes)
	}
}

func TestApplyFix(t *testing.T) {
	s := NewGoSession([]*analysis.Analyzer{sleeps})
	files := []File{
		{Name: "lib/lib.go", Content: "package lib\n\nimport \"time\"\n\nfunc Nap() { time.Sleep(1) }\n"},
		{Name: "main.go", Content: "package main\n\nimport \"play/lib\"\n\nfunc main() {\n\tvar  x = 1\n\t_ = x\n\tlib.Nap()\n\t_ = lib.Nap\n}\n"},
	}
	res := s.Analyze(GoRequest{Files: files})
	if len(res.Diagnostics) != 1 {
		t.Fatalf("diagnostics: %+v", res.Diagnostics)
	}
	fixed, err := ApplyFix(files, res.Diagnostics[0].Fixes[0])
	if err != nil {
		t.Fatal(err)
	}
	want := "package main\n\nimport \"play/lib\"\n\nfunc main() {\n\tvar x = 1\n\t_ = x\n\t_ = 0\n\t_ = lib.Nap\n}\n"
	if fixed[1].Content != want || fixed[0] != files[0] {
		t.Errorf("fixed main.go =\n%s\nwant (gofmt'd)\n%s", fixed[1].Content, want)
	}
	again := s.Analyze(GoRequest{Files: fixed})
	if len(again.Diagnostics) != 0 {
		t.Errorf("after the fix: %+v", again.Diagnostics)
	}
	if _, err := ApplyFix(files, Fix{Message: "bad", Edits: []Edit{{File: "main.go", Start: 5, End: 1}}}); err == nil {
		t.Error("ApplyFix accepted an edit that ends before it starts")
	}
}

func TestUnresolvedImportStillAnalyses(t *testing.T) {
	s := NewGoSession([]*analysis.Analyzer{sleeps})
	src := "package main\n\nimport (\n\t\"time\"\n\n\t\"example.com/nothere\"\n)\n\nfunc nap() { time.Sleep(1) }\n\nfunc main() {\n\tnothere.Do()\n\tnap()\n}\n"
	res := s.Analyze(GoRequest{Files: []File{{Name: "main.go", Content: src}}})
	if len(res.Notes) != 1 || res.Notes[0].Kind != "import" || res.Notes[0].Line != 6 || res.Notes[0].Column != 2 ||
		!strings.Contains(res.Notes[0].Message, `cannot resolve import "example.com/nothere"`) {
		t.Errorf("notes = %+v, want one import note at 6:2", res.Notes)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Line != 13 {
		t.Errorf("diagnostics = %+v, want the call of nap at line 13", res.Diagnostics)
	}
}

func TestSyntaxAndTypeErrors(t *testing.T) {
	s := NewGoSession([]*analysis.Analyzer{sleeps})
	res := s.Analyze(GoRequest{Files: []File{{Name: "main.go", Content: "package main\n\nfunc main() {\n\tx := \n}\n"}}})
	if len(res.Notes) == 0 || res.Notes[0].Kind != "syntax" || res.Notes[0].Line != 5 {
		t.Errorf("notes = %+v, want a syntax error at line 5", res.Notes)
	}
	res = s.Analyze(GoRequest{Files: []File{{Name: "main.go", Content: "package main\n\nfunc main() {\n\tvar s string = 1\n\t_ = s\n}\n"}}})
	if len(res.Notes) != 1 || res.Notes[0].Kind != "type" || res.Notes[0].Line != 4 || res.Notes[0].Column != 17 {
		t.Errorf("notes = %+v, want a type error at 4:17", res.Notes)
	}
}

func TestPanickingAnalyzerIsANote(t *testing.T) {
	s := NewGoSession([]*analysis.Analyzer{panics, sleeps})
	res := s.Analyze(GoRequest{Files: []File{{Name: "main.go", Content: "package main\n\nimport \"time\"\n\nfunc nap() { time.Sleep(1) }\n\nfunc main() { nap() }\n"}}})
	if len(res.Diagnostics) != 1 {
		t.Errorf("diagnostics = %+v, want sleeps' one", res.Diagnostics)
	}
	if len(res.Notes) != 1 || res.Notes[0].Kind != "analyzer" || !strings.Contains(res.Notes[0].Message, "boom") {
		t.Errorf("notes = %+v, want the panic as a note", res.Notes)
	}
}

func TestDisabledAndFlags(t *testing.T) {
	a := &analysis.Analyzer{Name: "flagged", Doc: "flagged: test", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	limit := a.Flags.Int("limit", 3, "a limit")
	a.Flags.Duration("wait", time.Second, "a wait")
	a.Flags.Bool("strict", false, "strict")
	s := NewGoSession([]*analysis.Analyzer{a, sleeps})
	res := s.Analyze(GoRequest{Files: []File{{Name: "main.go", Content: "package main\n"}}, Disabled: []string{"sleeps"}, Flags: map[string]map[string]string{"flagged": {"limit": "7"}}})
	if !reflect.DeepEqual(res.Analyzers, []string{"flagged"}) || *limit != 7 {
		t.Errorf("analyzers %v, limit %d", res.Analyzers, *limit)
	}
	s.Analyze(GoRequest{Files: []File{{Name: "main.go", Content: "package main\n"}}})
	if *limit != 3 {
		t.Errorf("limit = %d after a request without flags, want the default 3", *limit)
	}
	// A bad value names the flag, the value and what the flag accepts.
	for _, c := range []struct{ flag, value, want string }{
		{"limit", "x", `configuring analyzer flagged: -limit "x" is not valid: want a whole number such as 3 (default 3)`},
		{"limit", "1.5", `configuring analyzer flagged: -limit "1.5" is not valid: want a whole number such as 3 (default 3)`},
		{"wait", "soon", `configuring analyzer flagged: -wait "soon" is not valid: want a duration such as 300ms, 10s or 1m30s (default 1s)`},
		{"strict", "yes", `configuring analyzer flagged: -strict "yes" is not valid: want true or false (default false)`},
		{"nosuch", "1", `configuring analyzer flagged: it has no flag -nosuch`},
	} {
		res = s.Analyze(GoRequest{Files: []File{{Name: "main.go", Content: "package main\n"}}, Flags: map[string]map[string]string{"flagged": {c.flag: c.value}}})
		if len(res.Notes) != 1 || res.Notes[0].Message != c.want {
			t.Errorf("-%s %q: notes = %+v, want %q", c.flag, c.value, res.Notes, c.want)
		}
	}
}

func TestApplyFixDropsDuplicateEdits(t *testing.T) {
	files := []File{{Name: "main.go", Content: "package main\n\nfunc main() {}\n"}}
	imp := Edit{File: "main.go", Start: 13, End: 13, New: "import \"time\"\n\nvar _ = time.Second\n\n"}
	out, err := ApplyFix(files, Fix{Message: "add", Edits: []Edit{imp, imp}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "package main\n\nimport \"time\"\n\nvar _ = time.Second\n\nfunc main() {}\n"; out[0].Content != want {
		t.Errorf("got\n%s\nwant\n%s", out[0].Content, want)
	}
}
