package rootcause_test

import (
	"go/ast"
	"go/constant"
	"go/token"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nines-dev/nines/internal/analysis/generated"
	"github.com/nines-dev/nines/internal/analysis/rootcause"
)

// causes reports every call cause("k") as a site of the root cause k, with
// a fix that rewrites the argument.
var causes = &analysis.Analyzer{
	Name:     "causes",
	Doc:      "report the sites of cause(k) by root cause",
	Requires: []*analysis.Analyzer{generated.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		generated.SkipReports(pass)
		r := rootcause.New(pass)
		defer r.Flush()
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					return true
				}
				tv := pass.TypesInfo.Types[call.Args[0]]
				if tv.Value == nil {
					return true
				}
				key := constant.StringVal(tv.Value)
				r.Report(key, analysis.Diagnostic{
					Pos:     call.Pos(),
					End:     call.End(),
					Message: "cause " + key,
					SuggestedFixes: []analysis.SuggestedFix{{
						Message:   "name the cause",
						TextEdits: []analysis.TextEdit{{Pos: call.Args[0].Pos(), End: call.Args[0].End(), NewText: []byte(`"fixed"`)}},
					}},
				})
				return true
			})
		}
		return nil, nil
	},
}

func TestRootCause(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), causes, "sites")
	if len(results) != 1 {
		t.Fatalf("got %d results, want 1", len(results))
	}
	res := results[0]
	line := func(p token.Pos) int { return res.Pass.Fset.Position(p).Line }
	var found bool
	for _, d := range res.Diagnostics {
		if line(d.Pos) != 7 || filepath.Base(res.Pass.Fset.Position(d.Pos).Filename) != "sites.go" {
			if d.Message == "cause a" && len(d.Related) != 0 {
				t.Errorf("line %d: a single site has related locations %v", line(d.Pos), d.Related)
			}
			continue
		}
		found = true
		var lines []int
		for _, rel := range d.Related {
			if rel.Message != rootcause.RelatedMessage {
				t.Errorf("related message %q, want %q", rel.Message, rootcause.RelatedMessage)
			}
			lines = append(lines, line(rel.Pos))
		}
		if len(lines) != 2 || lines[0] != 8 || lines[1] != 10 {
			t.Errorf("related lines %v, want [8 10]", lines)
		}
		if len(d.SuggestedFixes) != 1 || len(d.SuggestedFixes[0].TextEdits) != 3 {
			t.Errorf("fixes %+v, want one fix with an edit per site", d.SuggestedFixes)
		}
	}
	if !found {
		t.Error("no finding at sites.go:7")
	}
}
