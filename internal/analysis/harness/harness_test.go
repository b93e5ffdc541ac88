package harness_test

import (
	"go/ast"
	"go/types"
	"path"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/nines-dev/nines/internal/analysis/generated"
	"github.com/nines-dev/nines/internal/analysis/harness"
)

// waits reports every call to a peer package's Wait through the shared report
// hook, as every analyzer reports.
var waits = &analysis.Analyzer{
	Name:     "waits",
	Doc:      "report calls to peer.Wait",
	Requires: []*analysis.Analyzer{generated.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		generated.SkipReports(pass)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func); ok && fn.Pkg() != nil && path.Base(fn.Pkg().Path()) == "peer" {
					pass.Reportf(call.Pos(), "waits")
				}
				return true
			})
		}
		return nil, nil
	},
}

// TestHarness checks class 4 of issue 10: test-harness code is not
// reported, production code, examples and calls to remote peers are.
func TestHarness(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), waits, "app", "app/servertest", "app/internal/testutil")
}

// TestSupportByImporters checks the test-support packages no name shows:
// a package its module imports only from tests (directly, or through
// another such package) is harness code; one also imported by shipped
// code, imported only by its own tests, or imported by nothing is not.
// The module's nested module and testdata are not its code.
func TestSupportByImporters(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "mod"), waits, "./...")
}

func TestHosts(t *testing.T) {
	for host, want := range map[string][2]bool{ // {Local, Loopback}
		"localhost":       {true, true},
		"LOCALHOST.":      {true, true},
		"db.localhost":    {true, true},
		"127.0.0.1":       {true, true},
		"127.8.9.10":      {true, true},
		"::1":             {true, true},
		"[::1]":           {true, true},
		"":                {true, false},
		"0.0.0.0":         {true, false},
		"::":              {true, false},
		"10.0.0.1":        {false, false},
		"example.org":     {false, false},
		"localhost.evil":  {false, false},
		"fe80::1%lo0":     {false, false},
		"192.168.1.1":     {false, false},
		"notlocalhost":    {false, false},
		"localhostx.test": {false, false},
	} {
		if got := [2]bool{harness.Local(host), harness.Loopback(host)}; got != want {
			t.Errorf("%q: Local, Loopback = %v, want %v", host, got, want)
		}
	}
	for host, want := range map[string]bool{
		"example.com":       true,
		"API.Example.ORG.":  true,
		"fake.invalid":      true,
		"db.test":           true,
		"shop.example":      true,
		"a.localhost":       true,
		"example.co":        false,
		"notexample.com":    false,
		"example.com.evil":  false,
		"testing.io":        false,
		"api.vendor.io":     false,
		"invalid":           true,
		"contest":           false,
		"example.community": false,
	} {
		if got := harness.Reserved(host); got != want {
			t.Errorf("Reserved(%q) = %v, want %v", host, got, want)
		}
	}
}
