package findings_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/driver/findings"
)

// TestCollectRelated checks that Collect resolves a diagnostic's related
// positions, ends included, in the analyzer's order.
func TestCollectRelated(t *testing.T) {
	fset := token.NewFileSet()
	tf := fset.AddFile("/repo/a.go", -1, 40)
	tf.SetLines([]int{0, 10, 20, 30})
	p := func(off int) token.Pos { return tf.Pos(off) }
	got := findings.Collect([]findings.Unit{{
		PackageID: "m", Analyzer: "x", Fset: fset,
		Diagnostics: []analysis.Diagnostic{{
			Pos: p(1), Message: "cause",
			Related: []analysis.RelatedInformation{
				{Pos: p(32), End: p(35), Message: "again"},
				{Pos: p(12), Message: "and again"},
			},
		}},
	}}, findings.Options{})
	if len(got) != 1 || len(got[0].Related) != 2 {
		t.Fatalf("got %+v, want one finding with two related positions", got)
	}
	r0, r1 := got[0].Related[0], got[0].Related[1]
	if r0.Posn.Line != 4 || r0.Posn.Column != 3 || r0.End.Line != 4 || r0.End.Column != 6 || r0.Message != "again" {
		t.Errorf("first related %+v, want 4:3-4:6 again", r0)
	}
	if r1.Posn.Line != 2 || r1.End.Line != 0 || r1.Message != "and again" {
		t.Errorf("second related %+v, want 2:3 without an end", r1)
	}
}
