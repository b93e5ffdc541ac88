package cli

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/testsupport/sariftest"
)

// testcall is a driver-test analyzer: it reports every call of a function
// named by its -name flag (default "bad") and offers to call "good"
// instead. It lets these tests pin the driver's behaviour independently of
// the real analyzers' rules.
var testcall = func() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name: "testcall",
		Doc:  "testcall: report calls of the named function\n\nA test analyzer.\n\nMore text.",
		URL:  "https://example.com/testcall",
	}
	name := a.Flags.String("name", "bad", "function to report")
	a.Run = func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				id, ok := call.Fun.(*ast.Ident)
				if !ok || id.Name != *name {
					return true
				}
				pass.Report(analysis.Diagnostic{
					Pos:     call.Pos(),
					End:     call.End(),
					Message: "call of " + id.Name + " can wait forever",
					SuggestedFixes: []analysis.SuggestedFix{{
						Message:   "call good instead",
						TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte("good")}},
					}},
				})
				return true
			})
		}
		return nil, nil
	}
	return a
}()

// useTestAnalyzer makes testcall nines's only analyzer for the test.
func useTestAnalyzer(t *testing.T) {
	old := allAnalyzers
	allAnalyzers = func() []*analysis.Analyzer { return []*analysis.Analyzer{testcall} }
	t.Cleanup(func() {
		allAnalyzers = old
		require.NoError(t, testcall.Flags.Set("name", "bad"))
	})
}

type result struct {
	code           int
	stdout, stderr string
}

// nines runs the command line in dir, in process.
func nines(t *testing.T, dir string, args ...string) result {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := Main(args, strings.NewReader(""), &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// testdataDir is the absolute path of testdata, taken before any test
// changes directory.
var testdataDir = func() string {
	abs, err := filepath.Abs("testdata")
	if err != nil {
		panic(err)
	}
	return abs
}()

func fixture(name string) string { return filepath.Join(testdataDir, name) }

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestVetText(t *testing.T) {
	useTestAnalyzer(t)
	r := nines(t, fixture("drivermod"), "vet")
	assert.Equal(t, ExitFindings, r.code, r.stderr)
	assert.Empty(t, r.stderr)
	assert.Equal(t, []string{
		"a/a.go:7:2: call of bad can wait forever (testcall)",
		"a/a.go:9:2: call of bad can wait forever (testcall)",
		"b/b.go:5:12: call of bad can wait forever (testcall)",
	}, lines(r.stdout), "sorted, relative to the current directory, nolint'd lines 8, 11 and 12 left out, no test files")

	// Paths stay relative to the current directory, not the module.
	r = nines(t, fixture("drivermod/a"), "vet", "../b")
	assert.Equal(t, []string{"../b/b.go:5:12: call of bad can wait forever (testcall)"}, lines(r.stdout))
}

func TestVetExitCodes(t *testing.T) {
	useTestAnalyzer(t)

	r := nines(t, fixture("clean"), "vet", "./...")
	assert.Equal(t, ExitClean, r.code, r.stderr)
	assert.Empty(t, r.stdout)

	r = nines(t, fixture("drivermod"), "vet", "./b")
	assert.Equal(t, ExitFindings, r.code)

	r = nines(t, fixture("broken"), "vet", "./...")
	assert.Equal(t, ExitError, r.code)
	assert.Contains(t, r.stderr, "p/p.go:3:13: ", "a type error names file:line:col")
	assert.Contains(t, r.stderr, "cannot use")
	r = nines(t, fixture("broken"), "vet", "-json", "./...")
	assert.Equal(t, ExitError, r.code)
	assert.Contains(t, r.stdout, `"example.com/broken/p": {`+"\n\t\t"+`"typecheck": {`+"\n\t\t\t"+`"error": "p/p.go:3:13: cannot use`, "json carries the load error")
	r = nines(t, fixture("broken"), "vet", "-format", "github", "./...")
	assert.Equal(t, ExitError, r.code)
	assert.Contains(t, r.stdout, "::error file=", "so does a workflow annotation")
	assert.Contains(t, r.stdout, "p/p.go,line=3,col=13,title=typecheck::cannot use")

	outside := t.TempDir()
	r = nines(t, outside, "vet", "./...")
	assert.Equal(t, ExitError, r.code)
	assert.Equal(t, "nines vet: "+outside+" is not inside a Go module (no go.mod in it or above it, and no go.work names it); run nines vet in a module, or nines topo for topology files alone\n", r.stderr)
	empty := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(empty, "go.mod"), []byte("module example.com/empty\n\ngo 1.26\n"), 0o644))
	r = nines(t, empty, "vet", "./...")
	assert.Equal(t, ExitClean, r.code, "a module without Go files yet is nothing to vet, not an error")
	assert.Equal(t, "nines vet: warning: ./... matched no packages; nothing to vet\n", r.stderr)

	r = nines(t, fixture("drivermod"), "vet", "./nosuchdir")
	assert.Equal(t, ExitError, r.code)
	assert.NotEmpty(t, r.stderr)

	for _, bad := range [][]string{
		{"vet", "-format", "xml"},
		{"vet", "-nosuchflag"},
		{"vet", "-testcall=false"},
	} {
		r = nines(t, fixture("drivermod"), bad...)
		assert.Equal(t, ExitError, r.code, "%v", bad)
		assert.NotEmpty(t, r.stderr, "%v", bad)
	}
	r = nines(t, fixture("drivermod"), "vet", "-format", "xml")
	assert.Contains(t, r.stderr, `unknown format "xml"`)
}

func TestVetTestsFlag(t *testing.T) {
	useTestAnalyzer(t)
	r := nines(t, fixture("drivermod"), "vet", "-tests", "./a")
	assert.Equal(t, ExitFindings, r.code, r.stderr)
	assert.Equal(t, []string{
		"a/a.go:7:2: call of bad can wait forever (testcall)",
		"a/a.go:9:2: call of bad can wait forever (testcall)",
		"a/a_test.go:6:2: call of bad can wait forever (testcall)",
	}, lines(r.stdout), "with -tests, test files are analyzed, and a.go is reported once despite the test variant")
}

func TestVetAnalyzerFlags(t *testing.T) {
	useTestAnalyzer(t)
	r := nines(t, fixture("drivermod"), "vet", "-testcall.name=good", "./a")
	assert.Equal(t, []string{"a/a.go:13:2: call of good can wait forever (testcall)"}, lines(r.stdout),
		"an analyzer's own flag is prefixed with its name")
}

func TestVetEnableFlags(t *testing.T) {
	// Two analyzers: testcall and a copy under another name.
	other := *testcall
	other.Name = "othercall"
	other.Doc = "othercall: the same, again"
	old := allAnalyzers
	allAnalyzers = func() []*analysis.Analyzer { return []*analysis.Analyzer{&other, testcall} }
	t.Cleanup(func() { allAnalyzers = old })

	count := func(out, analyzer string) int { return strings.Count(out, "("+analyzer+")") }

	r := nines(t, fixture("drivermod"), "vet", "./b")
	assert.Equal(t, 1, count(r.stdout, "testcall"))
	assert.Equal(t, 1, count(r.stdout, "othercall"))

	r = nines(t, fixture("drivermod"), "vet", "-othercall=false", "./b")
	assert.Equal(t, ExitFindings, r.code)
	assert.Equal(t, 1, count(r.stdout, "testcall"))
	assert.Zero(t, count(r.stdout, "othercall"), "-NAME=false turns one analyzer off")

	r = nines(t, fixture("drivermod"), "vet", "-othercall", "./b")
	assert.Zero(t, count(r.stdout, "testcall"), "-NAME alone runs only the named analyzers")
	assert.Equal(t, 1, count(r.stdout, "othercall"))

	r = nines(t, fixture("drivermod"), "vet", "-othercall=false", "-testcall=false", "./b")
	assert.Equal(t, ExitError, r.code)
	assert.Contains(t, r.stderr, "every analyzer is turned off")
}

func TestVetJSON(t *testing.T) {
	useTestAnalyzer(t)
	dir := fixture("drivermod")
	for _, args := range [][]string{{"vet", "-json", "./a"}, {"vet", "-format", "json", "./a"}} {
		r := nines(t, dir, args...)
		assert.Equal(t, ExitFindings, r.code, r.stderr)
		var tree map[string]map[string][]struct {
			Posn, End, Message string
			SuggestedFixes     []struct {
				Message string
				Edits   []struct {
					Filename   string
					Start, End int
					New        string
				}
			} `json:"suggested_fixes"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &tree), r.stdout)
		diags := tree["example.com/drivermod/a"]["testcall"]
		require.Len(t, diags, 2, "the same tree as go vet -json: package, analyzer, diagnostics")
		file := filepath.Join(dir, "a", "a.go")
		assert.Equal(t, file+":7:2", diags[0].Posn)
		assert.Equal(t, file+":7:7", diags[0].End)
		assert.Equal(t, "call of bad can wait forever", diags[0].Message)
		require.Len(t, diags[0].SuggestedFixes, 1)
		assert.Equal(t, "call good instead", diags[0].SuggestedFixes[0].Message)
		edit := diags[0].SuggestedFixes[0].Edits[0]
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		assert.Equal(t, "bad", string(src[edit.Start:edit.End]))
		assert.Equal(t, "good", edit.New)
		assert.Equal(t, file+":9:2", diags[1].Posn)
	}
}

func TestVetGitHub(t *testing.T) {
	useTestAnalyzer(t)
	repo := repoCopy(t, "drivermod")
	r := nines(t, filepath.Join(repo, "b"), "vet", "-format", "github", ".")
	assert.Equal(t, ExitFindings, r.code, r.stderr)
	// Paths are relative to the repository root, not the current
	// directory; the analyzers' findings are warnings.
	assert.Equal(t, []string{
		"::warning file=b/b.go,line=5,col=12,endLine=5,endColumn=17,title=testcall::call of bad can wait forever",
	}, lines(r.stdout))
}

func TestVetSARIF(t *testing.T) {
	useTestAnalyzer(t)
	repo := repoCopy(t, "drivermod")
	r := nines(t, filepath.Join(repo, "a"), "vet", "-format", "sarif", "./...", "../b")
	assert.Equal(t, ExitFindings, r.code, r.stderr)
	require.NoError(t, sariftest.Validate([]byte(r.stdout)))

	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID               string
						ShortDescription struct{ Text string }
						FullDescription  struct{ Text string }
						Help             struct{ Text, Markdown string }
						HelpURI          string
					}
				}
			}
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
				PartialFingerprints map[string]string
				Suppressions        []struct{ Kind, Justification string }
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &log))
	run := log.Runs[0]
	require.Len(t, run.Tool.Driver.Rules, 1)
	rule := run.Tool.Driver.Rules[0]
	assert.Equal(t, "testcall", rule.ID)
	assert.Equal(t, "report calls of the named function", rule.ShortDescription.Text)
	assert.Equal(t, "A test analyzer.", rule.FullDescription.Text)
	assert.Equal(t, testcall.Doc, rule.Help.Text)
	assert.Equal(t, "https://example.com/testcall", rule.HelpURI)

	type row struct {
		uri        string
		line       int
		suppressed bool
		reason     string
	}
	var rows []row
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation
		rw := row{uri: loc.ArtifactLocation.URI, line: loc.Region.StartLine}
		if len(res.Suppressions) > 0 {
			assert.Equal(t, "inSource", res.Suppressions[0].Kind)
			rw.suppressed, rw.reason = true, res.Suppressions[0].Justification
		}
		assert.NotEmpty(t, res.PartialFingerprints["primaryLocationLineHash"])
		rows = append(rows, rw)
	}
	const a, b = "a/a.go", "b/b.go" // relative to the repository root
	assert.Equal(t, []row{
		{a, 7, false, ""},
		{a, 8, true, "the callee returns at once"},
		{a, 9, false, ""},
		{a, 11, true, ""},
		{a, 12, true, ""},
		{b, 5, false, ""},
	}, rows, "suppressed findings are carried into SARIF with their reason")
	fp := func(i int) string { return run.Results[i].PartialFingerprints["primaryLocationLineHash"] }
	assert.NotEqual(t, fp(0), fp(2), "different lines, different fingerprints")
	// Lines 7 and 11 both read "bad()": one hash, told apart by occurrence.
	assert.Equal(t, strings.TrimSuffix(fp(0), ":1"), strings.TrimSuffix(fp(3), ":2"), "%s %s", fp(0), fp(3))

	// Suppressed findings alone do not fail the run.
	r = nines(t, repo, "vet", "-testcall.name=nosuch", "-format", "sarif")
	assert.Equal(t, ExitClean, r.code)
	require.NoError(t, sariftest.Validate([]byte(r.stdout)))
}

// copyDir copies the fixture module src into a new temporary directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	require.NoError(t, err)
	return dst
}

// repoCopy copies a fixture module into a directory of its own marked as a
// repository root, so repository-relative paths do not depend on where the
// tests run.
func repoCopy(t *testing.T, name string) string {
	dir := copyDir(t, fixture(name))
	require.NoError(t, os.Mkdir(filepath.Join(dir, ".git"), 0o755))
	return dir
}

func TestVetFix(t *testing.T) {
	useTestAnalyzer(t)
	dir := copyDir(t, fixture("drivermod"))
	r := nines(t, dir, "vet", "-fix")
	assert.Equal(t, ExitClean, r.code, "every reported finding was fixed: %s", r.stderr)
	assert.Empty(t, r.stdout)
	assert.Equal(t, []string{
		"a/a.go:7:2: fixed: call good instead (testcall)",
		"a/a.go:9:2: fixed: call good instead (testcall)",
		"b/b.go:5:12: fixed: call good instead (testcall)",
		"nines vet: changed a/a.go, b/b.go",
	}, lines(r.stderr), "each fix says what it did, then the files it changed")

	src, err := os.ReadFile(filepath.Join(dir, "a", "a.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), "\tgood()\n\tbad()  //nolint:testcall // the callee returns at once\n\tgood() //nolint:otheranalyzer\n",
		"fixes rewrite reported findings and leave nolint'd ones alone")
	test, err := os.ReadFile(filepath.Join(dir, "a", "a_test.go"))
	require.NoError(t, err)
	assert.Contains(t, string(test), "\tbad()\n", "test files are not fixed without -tests")

	r = nines(t, dir, "vet")
	assert.Equal(t, ExitClean, r.code, "a second run is clean: %s%s", r.stdout, r.stderr)
	assert.Empty(t, r.stdout)
}

// TestVetFixWritesOnlyTheVettedModules fixes a workspace holding a module
// with a CRLF file, a generated file, a read-only file and a cgo file, a
// second workspace module, and a local module linked by a replace
// directive: only the vetted workspace modules' ordinary files change.
func TestVetFixWritesOnlyTheVettedModules(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil && os.Getenv("CI") == "" {
		t.Skip("no C compiler for the cgo file (CI has one)")
	}
	useTestAnalyzer(t)
	root := t.TempDir()
	files := map[string]string{
		"go.work":        "go 1.26\n\nuse (\n\t./app\n\t./ws\n)\n",
		"app/go.mod":     "module example.com/app\n\ngo 1.26\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n",
		"app/app.go":     "package app\n\nimport \"example.com/lib\"\n\nfunc bad()  {}\nfunc good() {}\n\nfunc F() {\n\tbad()\n\tlib.F()\n}\n",
		"app/crlf.go":    "package app\r\n\r\nfunc G() {\r\n\tbad()\r\n}\r\n",
		"app/gen.go":     "// Code generated by hand for a test. DO NOT EDIT.\n\npackage app\n\nfunc H() {\n\tbad()\n}\n",
		"app/ro.go":      "package app\n\nfunc I() {\n\tbad()\n}\n",
		"app/cgo.go":     "package app\n\n// int one(void) { return 1; }\nimport \"C\"\n\nfunc J() int {\n\tbad()\n\treturn int(C.one())\n}\n",
		"app/vendor.txt": "not a vendor directory: the workspace has none\n",
		"ws/go.mod":      "module example.com/ws\n\ngo 1.26\n",
		"ws/ws.go":       "package ws\n\nfunc bad()  {}\nfunc good() {}\n\nfunc K() {\n\tbad()\n}\n",
		"lib/go.mod":     "module example.com/lib\n\ngo 1.26\n",
		"lib/lib.go":     "package lib\n\nfunc bad()  {}\nfunc good() {}\n\nfunc F() {\n\tbad()\n}\n",
	}
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	require.NoError(t, os.Chmod(filepath.Join(root, "app", "ro.go"), 0o444))
	t.Cleanup(func() { os.Chmod(filepath.Join(root, "app", "ro.go"), 0o644) })
	snapshot := func() map[string]string {
		m := make(map[string]string)
		require.NoError(t, filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			m[filepath.ToSlash(rel)] = string(b)
			return err
		}))
		return m
	}
	before := snapshot()
	patterns := []string{"./app/...", "./ws/...", "example.com/lib"}

	r := nines(t, root, append([]string{"vet", "-fix", "-diff"}, patterns...)...)
	assert.Equal(t, ExitFindings, r.code, r.stderr)
	assert.Equal(t, before, snapshot(), "-diff writes nothing")
	assert.Contains(t, r.stdout, "--- a/app/crlf.go\n+++ b/app/crlf.go\n")
	assert.Contains(t, r.stdout, "-\tbad()\r\n+\tgood()\r\n")
	assert.Contains(t, r.stderr, "app/app.go:9:2: would fix: call good instead (testcall)")

	r = nines(t, root, append([]string{"vet", "-fix"}, patterns...)...)
	after := snapshot()
	changed := []string{}
	for name := range after {
		if after[name] != before[name] {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	assert.Equal(t, []string{"app/app.go", "app/crlf.go", "ws/ws.go"}, changed, "stderr: %s", r.stderr)
	assert.Equal(t, strings.ReplaceAll(files["app/crlf.go"], "bad()", "good()"), after["app/crlf.go"], "CRLF kept")
	assert.Len(t, after, len(before), "no file added or left behind")
	assert.Contains(t, r.stderr, "nines vet: changed app/app.go, app/crlf.go, ws/ws.go\n")
	for _, want := range []string{
		"app/gen.go:6:2: not fixed: app/gen.go is a generated file (testcall)",
		"app/ro.go:4:2: not fixed: app/ro.go is read-only (testcall)",
		"lib/lib.go:7:2: not fixed: lib/lib.go is outside the vetted modules (testcall)",
	} {
		assert.Contains(t, r.stderr, want)
	}
	assert.Regexp(t, `app/cgo.go:7:2: not fixed: \S+ is in the build cache \(cgo output, not the source\) \(testcall\)`, r.stderr, "the cgo output is not the source")
	assert.Equal(t, ExitFindings, r.code, "the findings not fixed are still reported: %s", r.stdout)
}

func TestHelpCommand(t *testing.T) {
	r := nines(t, ".", "help", "vet")
	assert.Equal(t, ExitClean, r.code)
	assert.Contains(t, r.stderr, "Usage: nines vet [flags] [packages]", "nines help vet prints vet's usage")
	r = nines(t, ".", "help")
	assert.Contains(t, r.stdout, "Usage: nines <command>")
}

func TestVetTags(t *testing.T) {
	useTestAnalyzer(t)
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.mod":   "module example.com/tags\n\ngo 1.26\n",
		"p.go":     "package p\n\nfunc bad() {}\n",
		"extra.go": "//go:build extra\n\npackage p\n\nfunc F() { bad() }\n",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	r := nines(t, dir, "vet")
	assert.Equal(t, ExitClean, r.code, "extra.go is left out without its tag: %s", r.stdout)
	r = nines(t, dir, "vet", "-tags", "extra")
	assert.Equal(t, ExitFindings, r.code)
	assert.Equal(t, "extra.go:5:12: call of bad can wait forever (testcall)\n", r.stdout)
}

func TestRulesAndVersion(t *testing.T) {
	r := nines(t, ".", "rules")
	assert.Equal(t, ExitClean, r.code)
	// The analyzers' lines, in order; the topology rules that ruleSources
	// adds are listed among them.
	var out []string
	for _, l := range lines(r.stdout) {
		if f := strings.Fields(l); len(f) > 1 && f[1] == "go" {
			out = append(out, l)
		}
	}
	require.Len(t, out, len(allAnalyzers()))
	for i, a := range allAnalyzers() {
		fields := strings.Fields(out[i])
		assert.Equal(t, a.Name, fields[0], "sorted by name")
		assert.Equal(t, "go", fields[1])
		assert.Equal(t, "warning", fields[2], "the level of its findings in SARIF")
		assert.Contains(t, out[i], summaryOf(a))
		assert.NotEmpty(t, summaryOf(a))
	}

	r = nines(t, ".", "rules", "httpclienttimeout")
	assert.Equal(t, ExitClean, r.code)
	assert.True(t, strings.HasPrefix(r.stdout, "httpclienttimeout: "), r.stdout)
	assert.Contains(t, r.stdout, "Documentation: https://")
	// The terminal page has the flags table of the docs page.
	assert.Regexp(t, `\nFlags \(flag, default, meaning\):\n\n  -httpclienttimeout\.timeout +30s +\S`, r.stdout)
	r = nines(t, ".", "rules", "ctxdeadline")
	assert.NotContains(t, r.stdout, "Flags", "an analyzer without flags has no table")

	r = nines(t, ".", "rules", "nosuchrule")
	assert.Equal(t, ExitError, r.code)
	assert.Contains(t, r.stderr, `unknown rule "nosuchrule"`)

	// The topology side plugs its rules in through ruleSources.
	old := ruleSources
	ruleSources = append(ruleSources, func() []RuleDoc {
		return []RuleDoc{{Name: "aaa-single-zone", Kind: "topology", Summary: "report services in one zone", Doc: "aaa-single-zone: report services in one zone\n\nMore."}}
	})
	t.Cleanup(func() { ruleSources = old })
	r = nines(t, ".", "rules")
	assert.Regexp(t, `^aaa-single-zone\s+topology\s+report services in one zone\n`, r.stdout, "no severity: an empty column")
	r = nines(t, ".", "rules", "aaa-single-zone")
	assert.Equal(t, "aaa-single-zone: report services in one zone\n\nMore.\n", r.stdout)
	r = nines(t, ".", "rules", "single-instance")
	assert.Equal(t, ExitError, r.code)
	assert.Equal(t, "nines rules: unknown rule \"single-instance\"; did you mean spof/single-instance?\n", r.stderr)

	r = nines(t, ".", "version")
	assert.Equal(t, ExitClean, r.code)
	assert.Regexp(t, `^nines (v\S+|devel)\n$`, r.stdout)
}

func TestIsVetTool(t *testing.T) {
	for _, args := range [][]string{
		{"-V=full"},
		{"-flags"},
		{"/tmp/go-build1/b001/vet.cfg"},
		{"-json", "-httpclienttimeout=false", "/tmp/vet.cfg"},
	} {
		assert.True(t, isVetTool(args), "%v", args)
	}
	for _, args := range [][]string{
		nil,
		{"vet"},
		{"vet", "./..."},
		{"vet", "x.cfg"},
		{"rules", "a.cfg"},
	} {
		assert.False(t, isVetTool(args), "%v", args)
	}
}

func TestVetSARIFRecordsLoadErrors(t *testing.T) {
	useTestAnalyzer(t)
	r := nines(t, fixture("broken"), "vet", "-format", "sarif")
	assert.Equal(t, ExitError, r.code)
	assert.Contains(t, r.stderr, "p/p.go:3:13: ")
	require.NoError(t, sariftest.Validate([]byte(r.stdout)))
	assert.Contains(t, r.stdout, `"executionSuccessful": false`)
	assert.Contains(t, r.stdout, `"text": "p/p.go:3:13: cannot use`)
}

func TestVetAnalyzerPanic(t *testing.T) {
	panicky := &analysis.Analyzer{
		Name: "panicky",
		Doc:  "panicky: fail on package b",
		Run: func(pass *analysis.Pass) (any, error) {
			if pass.Pkg.Name() == "b" {
				panic("index out of range")
			}
			return nil, nil
		},
	}
	old := allAnalyzers
	allAnalyzers = func() []*analysis.Analyzer { return []*analysis.Analyzer{panicky, testcall} }
	t.Cleanup(func() { allAnalyzers = old })

	r := nines(t, fixture("drivermod"), "vet")
	assert.Equal(t, ExitError, r.code)
	assert.Contains(t, r.stderr, "nines vet: panicky on example.com/drivermod/b: panic: index out of range")
	assert.Equal(t, 3, strings.Count(r.stdout, "(testcall)"), "the other analyzer still reports everywhere: %s", r.stdout)
}
