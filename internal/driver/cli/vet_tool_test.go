package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/driver/config"
	"github.com/nines-dev/nines/internal/driver/vetcache"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	binDir    string
)

func TestMain(m *testing.M) {
	// No .nines.hcl above the fixtures may change what the tests see; the
	// configuration tests turn the search back on.
	os.Setenv(config.EnvVar, config.Off)
	// Runs share no result cache unless a test gives them one.
	os.Setenv(vetcache.EnvVar, vetcache.Off)
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// ninesBinary builds the nines command once per test binary.
func ninesBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "nines-bin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "nines")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/nines-dev/nines").CombinedOutput()
		if err != nil {
			buildErr = &buildError{err, string(out)}
		}
	})
	require.NoError(t, buildErr)
	return binPath
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "building nines: " + e.err.Error() + "\n" + e.out }

// runCmd runs name in dir with a clean module environment.
func runCmd(t *testing.T, dir, name string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), o.String(), e.String()
	}
	require.NoError(t, err)
	return 0, o.String(), e.String()
}

var vetLine = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)

// vetFindings parses go vet's plain output into "file:line:col: message"
// with file relative to dir.
func vetFindings(t *testing.T, dir, out string) []string {
	t.Helper()
	var set []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue // package header
		}
		m := vetLine.FindStringSubmatch(line)
		require.NotNil(t, m, "unexpected go vet output line %q", line)
		set = append(set, relFinding(dir, m[1], m[2], m[3], m[4]))
	}
	slices.Sort(set)
	return slices.Compact(set)
}

func relFinding(dir, file, line, col, msg string) string {
	if filepath.IsAbs(file) {
		if rel, err := filepath.Rel(dir, file); err == nil {
			file = rel
		}
	}
	return filepath.ToSlash(filepath.Clean(file)) + ":" + line + ":" + col + ": " + msg
}

// jsonFindings parses the JSON tree of nines vet -json or go vet -json.
func jsonFindings(t *testing.T, dir, out string) []string {
	t.Helper()
	var set []string
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() { // go vet -json prints one tree per package
		var tree map[string]map[string][]struct{ Posn, Message string }
		require.NoError(t, dec.Decode(&tree), out)
		for _, byAnalyzer := range tree {
			for _, diags := range byAnalyzer {
				for _, d := range diags {
					m := regexp.MustCompile(`^(.+):(\d+):(\d+)$`).FindStringSubmatch(d.Posn)
					require.NotNil(t, m, d.Posn)
					set = append(set, relFinding(dir, m[1], m[2], m[3], d.Message))
				}
			}
		}
	}
	slices.Sort(set)
	return slices.Compact(set)
}

func lineOf(findings []string) []string {
	var out []string
	for _, f := range findings {
		parts := strings.SplitN(f, ":", 3)
		out = append(out, parts[0]+":"+parts[1])
	}
	return out
}

func TestVetToolProtocol(t *testing.T) {
	bin := ninesBinary(t)
	code, out, errOut := runCmd(t, ".", bin, "-V=full")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `^\S*nines version devel .*buildID=[0-9a-f]+\n$`, out, "the version line go vet caches on")

	code, out, errOut = runCmd(t, ".", bin, "-flags")
	require.Equal(t, 0, code, errOut)
	var flags []struct {
		Name string
		Bool bool
	}
	require.NoError(t, json.Unmarshal([]byte(out), &flags))
	names := make(map[string]bool)
	for _, f := range flags {
		names[f.Name] = f.Bool
	}
	for _, a := range allAnalyzers() {
		assert.True(t, names[a.Name], "-%s is a boolean flag go vet passes through", a.Name)
	}
	assert.True(t, names["tests"])
	assert.True(t, names["json"])
}

// TestVetToolMatchesVet runs go vet -vettool=nines and nines vet on the same
// module and requires the same findings: nolint'd ones and those in test
// files left out by both.
func TestVetToolMatchesVet(t *testing.T) {
	bin := ninesBinary(t)
	dir := fixture("httpmod")

	code, _, vetOut := runCmd(t, dir, "go", "vet", "-vettool="+bin, "./...")
	assert.Equal(t, 1, code, "go vet fails on findings: %s", vetOut)
	fromGoVet := vetFindings(t, dir, vetOut)

	code, ninesOut, errOut := runCmd(t, dir, bin, "vet", "-json", "./...")
	assert.Equal(t, ExitFindings, code, errOut)
	fromNines := jsonFindings(t, dir, ninesOut)

	// go vet prints only the message, which ends with the analyzer's name
	// under -vettool: its text is nines vet's, line for line.
	_, ninesText, _ := runCmd(t, dir, bin, "vet", "./...")
	assert.Equal(t, vetFindings(t, dir, ninesText), fromGoVet)
	assert.Equal(t, fromNines, withoutNames(fromGoVet))
	assert.ElementsMatch(t, []string{
		"fetch/fetch.go:9",  // &http.Client{} without Timeout
		"fetch/fetch.go:15", // http.Get
		"fetch/fetch.go:26", // http.Head, nolint'd for another analyzer only
	}, lineOf(fromNines), "line 20 is nolint'd and fetch_test.go is a test file")

	// With -tests, both report the finding in fetch_test.go.
	_, _, vetOut = runCmd(t, dir, "go", "vet", "-vettool="+bin, "-tests", "./...")
	_, ninesOut, _ = runCmd(t, dir, bin, "vet", "-json", "-tests", "./...")
	withTests := jsonFindings(t, dir, ninesOut)
	assert.Equal(t, withTests, withoutNames(vetFindings(t, dir, vetOut)))
	assert.Contains(t, lineOf(withTests), "fetch/fetch_test.go:9")

	// go vet -json goes through the vet tool's JSON output.
	_, vetStdout, vetStderr := runCmd(t, dir, "go", "vet", "-vettool="+bin, "-json", "./...")
	var jsonPart strings.Builder
	for _, l := range strings.SplitAfter(vetStdout+vetStderr, "\n") {
		if !strings.HasPrefix(l, "#") {
			jsonPart.WriteString(l)
		}
	}
	assert.Equal(t, fromNines, withoutNames(jsonFindings(t, dir, jsonPart.String())))
}

var nameSuffix = regexp.MustCompile(` \([a-z]+\)$`)

// withoutNames drops the analyzer's name that go vet -vettool's messages
// end with; it fails the test if one has none.
func withoutNames(list []string) []string {
	out := make([]string, len(list))
	for i, f := range list {
		if !nameSuffix.MatchString(f) {
			panic("a go vet -vettool message without the analyzer's name: " + f)
		}
		out[i] = nameSuffix.ReplaceAllString(f, "")
	}
	return out
}

// TestVetFixRealAnalyzer applies httpclienttimeout's fix to a copy of the
// fixture: the client literal gains a Timeout and the time import stays
// valid, and a second run no longer reports it.
func TestVetFixRealAnalyzer(t *testing.T) {
	dir := copyDir(t, fixture("httpmod"))
	r := nines(t, dir, "vet", "-fix", "./...")
	assert.Equal(t, ExitFindings, r.code, "findings without a fix remain: %s", r.stderr)
	assert.Contains(t, r.stderr, "fetch/fetch.go:9:15: fixed: ")
	src, err := os.ReadFile(filepath.Join(dir, "fetch", "fetch.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), "var shared = &http.Client{Timeout: 30 * time.Second}")

	r = nines(t, dir, "vet", "./...")
	assert.Equal(t, ExitFindings, r.code)
	assert.NotContains(t, r.stdout, "fetch/fetch.go:9:")
	assert.Contains(t, r.stdout, "fetch/fetch.go:15:")
}

// TestVetFixValueFromFlag sets the inserted timeout from the analyzer's
// flag and from .nines.hcl, and refuses values a fix cannot write.
func TestVetFixValueFromFlag(t *testing.T) {
	dir := copyDir(t, fixture("httpmod"))
	r := nines(t, dir, "vet", "-fix", "-diff", "-httpclienttimeout.timeout=1m30s", "./...")
	assert.Equal(t, ExitFindings, r.code, r.stderr)
	assert.Contains(t, r.stdout, "+var shared = &http.Client{Timeout: 90 * time.Second}")
	assert.Contains(t, r.stderr, "would fix: Set Timeout: 90 * time.Second")

	cfg := filepath.Join(dir, "fix.hcl")
	require.NoError(t, os.WriteFile(cfg, []byte("analyzer \"httpclienttimeout\" {\n  timeout = \"2m\"\n}\n"), 0o644))
	r = nines(t, dir, "vet", "-config", cfg, "-fix", "-diff", "./...")
	assert.Equal(t, ExitFindings, r.code, r.stderr)
	assert.Contains(t, r.stdout, "+var shared = &http.Client{Timeout: 2 * time.Minute}")

	for _, bad := range []string{"0s", "-5s", "soon", "1500us"} {
		r = nines(t, dir, "vet", "-fix", "-httpclienttimeout.timeout="+bad, "./...")
		assert.Equal(t, ExitError, r.code, bad)
		assert.Contains(t, r.stderr, "-httpclienttimeout.timeout", bad)
	}
	src, err := os.ReadFile(filepath.Join(dir, "fetch", "fetch.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), "var shared = &http.Client{}", "-diff and refused flags write nothing")
}
