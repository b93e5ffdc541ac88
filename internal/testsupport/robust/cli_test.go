package robust

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/driver/cli"
)

// nines runs the command line in process in dir and returns its exit code,
// standard output and standard error. It changes the working directory, so
// callers cannot run in parallel.
func nines(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := cli.Main(args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// writeModule writes files (slash-separated names relative to the module
// root) below a new temporary directory, with a go.mod declaring module
// example.com/m unless files has one, and returns the directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// offline keeps the go command from reaching for a module proxy when a
// test's module imports a package nothing provides, and from the
// caller's GOFLAGS and workspace.
func offline(t *testing.T) {
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOWORK", "off")
}

var posLine = regexp.MustCompile(`^[^\s:]+\.go:\d+:\d+: \S`)

// TestVetBrokenPrograms runs nines vet on packages that do not compile. For
// each it wants exit status 2, every load error on standard error as
// file:line:col: message, no analyzer failure or panic, and the findings
// that the analyzers running despite errors can still make.
//
// What the driver does with an ill-typed package: go/packages marks it
// IllTyped, and nines vet treats every package importing it as broken too;
// golang.org/x/tools/go/analysis/checker then runs only the
// analyzers with RunDespiteErrors (httpclienttimeout and servertimeout
// among the reporting ones) and skips the others, and nines vet prints what
// the former report and says nothing of the skipped ones, whose "skipped
// due to errors" is covered by the load errors. The other packages of the
// run are analyzed normally.
func TestVetBrokenPrograms(t *testing.T) {
	offline(t)
	tests := []struct {
		name  string
		files map[string]string
		// errs are regexps each matching one whole line of stderr.
		errs []string
		// findings are substrings each found on one line of stdout.
		findings []string
		// absent must appear nowhere in stdout.
		absent []string
	}{{
		name: "missing import",
		files: map[string]string{"p/p.go": `package p

import (
	"net/http"

	"example.com/nowhere/pkg"
)

func F() { http.Get(pkg.URL) }
`},
		errs:     []string{`^p/p\.go:6:2: .*example\.com/nowhere/pkg.*$`},
		findings: []string{"p/p.go:9:12: ", "(httpclienttimeout)"},
	}, {
		name: "undefined names",
		files: map[string]string{"p/p.go": `package p

import "net/http"

func F() *http.Server {
	undefinedCall()
	return &http.Server{Addr: addr}
}
`},
		errs: []string{
			`^p/p\.go:6:2: undefined: undefinedCall$`,
			`^p/p\.go:7:28: undefined: addr$`,
		},
		findings: []string{"p/p.go:7:10: ", "(servertimeout)"},
	}, {
		name: "wrong arity on http.Get",
		files: map[string]string{"p/p.go": `package p

import "net/http"

func F() {
	http.Get()
	http.Get("a", "b")
	http.ListenAndServe(":80")
}
`},
		errs: []string{
			`^p/p\.go:6:11: not enough arguments in call to http\.Get$`,
			`^p/p\.go:7:16: too many arguments in call to http\.Get$`,
			`^p/p\.go:8:27: not enough arguments in call to http\.ListenAndServe$`,
		},
		findings: []string{"p/p.go:6:2: ", "p/p.go:7:2: ", "p/p.go:8:2: "},
	}, {
		name: "partially typed composite literals",
		files: map[string]string{"p/p.go": `package p

import (
	"net"
	"net/http"
)

var C = &http.Client{Timeout: notDeclared, Bogus: 1}

var D = &http.Client{Transport: nil, Jar: 7}

var Dialer = net.Dialer{Timeout: "soon"}
`},
		errs: []string{
			`^p/p\.go:8:31: undefined: notDeclared$`,
			`^p/p\.go:8:44: unknown field Bogus in struct literal of type http\.Client$`,
			`^p/p\.go:10:43: cannot use 7 .*$`,
			`^p/p\.go:12:34: cannot use "soon" .*$`,
		},
		// C's Timeout comes from an expression the analyzer cannot
		// evaluate, so it is trusted; D sets none.
		findings: []string{"p/p.go:10:10: "},
		absent:   []string{"p/p.go:8:"},
	}, {
		name: "syntax error in one file of two",
		files: map[string]string{
			"p/a.go": `package p

func broken( {
`,
			"p/b.go": `package p

import (
	"log"
	"net"
	"net/http"
)

func Serve() {
	log.Fatal(http.ListenAndServe(":8080", nil))
	http.Get("http://example.com")
	net.Dial("tcp", "example.com:80")
}
`},
		errs: []string{`^p/a\.go:3:14: expected '\)', found '\{'$`},
		// httpclienttimeout and servertimeout run despite errors;
		// dialtimeout does not, so the net.Dial goes unreported while
		// the package does not compile.
		findings: []string{"p/b.go:10:12: ", "p/b.go:11:2: "},
		absent:   []string{"p/b.go:12:"},
	}, {
		name: "broken package next to a clean one",
		files: map[string]string{
			"bad/bad.go": `package bad

func F() { return 1 }
`,
			"good/good.go": `package good

import "net"

func Connect(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }
`,
		},
		errs:     []string{`^bad/bad\.go:3:19: too many return values$`},
		findings: []string{"good/good.go:5:54: ", "(dialtimeout)"},
	}, {
		name: "importing a broken package",
		files: map[string]string{
			"bad/bad.go": `package bad

const URL = undefinedConst
`,
			"user/user.go": `package user

import (
	"net/http"

	"example.com/m/bad"
)

func F() { http.Get(bad.URL) }
`,
		},
		errs:     []string{`^bad/bad\.go:3:13: undefined: undefinedConst$`},
		findings: []string{"user/user.go:9:12: "},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeModule(t, tt.files)
			code, stdout, stderr := nines(t, dir, "vet", "./...")
			t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			if code != cli.ExitError {
				t.Errorf("exit status %d, want %d", code, cli.ExitError)
			}
			if strings.Contains(stdout+stderr, "panic") {
				t.Errorf("output mentions a panic")
			}
			lines := nonEmptyLines(stderr)
			for _, l := range lines {
				// go/types continues some messages on lines of their own
				// (have/want of a call), as go vet prints them.
				if !posLine.MatchString(l) && !strings.HasPrefix(l, "\t") {
					t.Errorf("stderr line %q is not file:line:col: message", l)
				}
			}
			for _, want := range tt.errs {
				re := regexp.MustCompile(want)
				if !anyMatch(lines, re.MatchString) {
					t.Errorf("no stderr line matches %s", want)
				}
			}
			out := nonEmptyLines(stdout)
			for _, want := range tt.findings {
				if !anyMatch(out, func(l string) bool { return strings.Contains(l, want) }) {
					t.Errorf("no finding containing %q", want)
				}
			}
			for _, not := range tt.absent {
				if strings.Contains(stdout, not) {
					t.Errorf("stdout contains %q", not)
				}
			}
		})
	}
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func anyMatch(lines []string, f func(string) bool) bool {
	for _, l := range lines {
		if f(l) {
			return true
		}
	}
	return false
}

// TestVetFindingEndInItsFile is a regression test for a finding whose end
// lies in another file. go/parser ends a call left open at the end of a
// file (http.Post( at EOF) one byte past the file, which the FileSet maps
// to the start of whichever file was added to it next; httpclienttimeout
// reports the call's range, so nines vet -json printed
// "posn": ".../a.go:6:2", "end": ".../b.go:1:1", or no end when a.go
// happened to be parsed last (go/packages parses in parallel, so the output
// also changes from run to run). Found by FuzzAnalyzers
// (testdata/fuzz/FuzzAnalyzers/790ed1848c263102). Eight more files and
// three runs make it all but certain that some file follows a.go.
func TestVetFindingEndInItsFile(t *testing.T) {
	offline(t)
	files := map[string]string{
		"p/a.go": "package p\n\nimport \"net/http\"\n\nfunc f() {\n\thttp.Post(",
	}
	for i := range 8 {
		files[fmt.Sprintf("p/b%d.go", i)] = fmt.Sprintf("package p\n\nfunc g%d() {}\n", i)
	}
	dir := writeModule(t, files)
	for run := 0; run < 3 && !t.Failed(); run++ {
		code, stdout, stderr := nines(t, dir, "vet", "-json", "./...")
		if code != cli.ExitError {
			t.Errorf("exit status %d, want %d", code, cli.ExitError)
		}
		if !strings.Contains(stderr, "p/a.go:6:12: expected ')', found 'EOF'") {
			t.Errorf("stderr does not report the syntax error:\n%s", stderr)
		}
		// An analyzer's entry is its list of findings, or {"error": ...}
		// (the package's load errors under "typecheck"), as in go vet -json.
		var tree map[string]map[string]json.RawMessage
		if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
			t.Fatalf("decoding -json output: %v\n%s", err, stdout)
		}
		n := 0
		for _, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var fs []struct{ Posn, End, Message string }
				if json.Unmarshal(raw, &fs) != nil {
					if name != "typecheck" {
						t.Errorf("%s: entry is neither a list of findings nor the package's load errors: %s", name, raw)
					}
					continue
				}
				for _, f := range fs {
					n++
					if f.End != "" && fileOf(f.Posn) != fileOf(f.End) {
						t.Errorf("%s finding at %s ends in another file, at %s", name, f.Posn, f.End)
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("no findings; want httpclienttimeout's on http.Post:\n%s", stdout)
		}
	}
}

// fileOf strips ":line:col" from a position.
func fileOf(posn string) string {
	for range 2 {
		if i := strings.LastIndexByte(posn, ':'); i >= 0 {
			posn = posn[:i]
		}
	}
	return posn
}

// TestVetLoadErrorsInPositionOrder is a regression test: nines vet sorts
// its load errors as strings, so p.go:10 comes before p.go:8. go vet and
// the compiler list them by position, as the findings are.
func TestVetLoadErrorsInPositionOrder(t *testing.T) {
	offline(t)
	dir := writeModule(t, map[string]string{"p/p.go": `package p

var (
	a = undefined1
	b = undefined2
	c = undefined3
	d = undefined4
	e = undefined5
	f = undefined6
	g = undefined7
)
`})
	_, _, stderr := nines(t, dir, "vet", "./...")
	var lines []int
	for _, l := range nonEmptyLines(stderr) {
		var line, col int
		if _, err := fmt.Sscanf(l, "p/p.go:%d:%d:", &line, &col); err == nil {
			lines = append(lines, line)
		}
	}
	if len(lines) != 7 {
		t.Fatalf("want 7 load errors, got:\n%s", stderr)
	}
	if !slices.IsSorted(lines) {
		t.Errorf("load errors are not in line order (lines %v):\n%s", lines, stderr)
	}
}
