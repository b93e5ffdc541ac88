package golangci_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/analyzers"
)

// golangciVersion is the golangci-lint the end-to-end test builds: the
// newest v2 the module proxy served when it was last raised.
const golangciVersion = "v2.15.0"

// pinned are modules whose version the nines module graph must not raise
// above golangci-lint's, because the raised version breaks golangci-lint
// and golangci-lint custom has no way to pin it back.
// github.com/gobwas/glob: OPA v1.21+ requires v1.x, whose API dropped
// glob.Glob, which depguard and protogetter use; nines stays on OPA v1.20,
// which requires v0.2.3, as golangci-lint does.
var pinned = []string{"github.com/gobwas/glob"}

// TestGolangciLintMatchesNinesVet builds golangci-lint with the plugin as
// `golangci-lint custom` does (a main importing golangci-lint's commands
// and the plugin, resolved from the module proxy) and checks that on the
// fixture module it reports what nines vet reports, //nolint included.
func TestGolangciLintMatchesNinesVet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint")
	}
	gcl := customGolangciLint(t)
	nines := buildNines(t)

	dir := copyFixture(t)
	writeGolangciConfig(t, dir, true, nil)
	got, stderr := runGolangci(t, gcl, dir)
	want := runNinesVet(t, nines, dir, "-retrybound.max-attempts=3")
	require.NotEmpty(t, want)

	// The one difference by design: nines vet reads //nolint:nines as every
	// analyzer; for golangci-lint "nines" is no linter of this plugin.
	// (The line is a new(http.Client), a finding of its own with no fix: the sends
	// through http.DefaultClient above it are one finding, whose sites
	// rootcause drops by nines's own //nolint reading in either driver.)
	nolintNines := "client.go:44:6: httpclienttimeout: http.Client sets no Timeout, so its requests can wait forever; set Timeout to the dependency's p99 latency + 20%"
	assert.Equal(t, want, without(got, nolintNines), "golangci-lint and nines vet disagree")
	assert.Contains(t, got, nolintNines)
	assert.Contains(t, stderr, "unknown linters in //nolint directives: nines")
	t.Logf("%d findings from nines vet, %d from golangci-lint (the extra one is the //nolint:nines line)", len(want), len(got))

	// Settings reach the analyzer's flags through golangci-lint's loader.
	assert.Contains(t, strings.Join(got, "\n"), "cap it at 3 attempts")
	// Nothing from the test file unless the linter asks for it.
	for _, f := range got {
		assert.NotContains(t, f, "_test.go")
	}

	// .nines.hcl is read by both, from the working directory up: an
	// analyzer turned off, a file excluded for another.
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".nines.hcl"), []byte("analyzer \"httpclienttimeout\" {\n  enabled = false\n}\nanalyzer \"servertimeout\" {\n  exclude = [\"client.go\"]\n}\n"), 0o644))
	configured, _ := runGolangci(t, gcl, dir)
	wantConfigured := runNinesVet(t, nines, dir, "-config", ".nines.hcl", "-retrybound.max-attempts=3")
	require.NotEmpty(t, wantConfigured)
	assert.Equal(t, wantConfigured, configured, "with .nines.hcl, golangci-lint and nines vet disagree")
	for _, f := range configured {
		assert.NotContains(t, f, "httpclienttimeout", "turned off in .nines.hcl")
		assert.NotContains(t, f, "client.go:68:9: servertimeout", "client.go is excluded for servertimeout")
	}
	assert.Less(t, len(configured), len(got))

	// golangci-lint's defaults drop findings: one per line (uniq-by-line),
	// three per message (max-same-issues). tests: true keeps the test
	// file's finding.
	require.NoError(t, os.Remove(filepath.Join(dir, ".nines.hcl")))
	writeGolangciConfig(t, dir, false, map[string]string{"dialtimeout": "tests: true"})
	defaults, _ := runGolangci(t, gcl, dir)
	assert.Contains(t, strings.Join(defaults, "\n"), "client_test.go:13:2: dialtimeout")
	assert.Less(t, len(defaults), len(got)+1)
	t.Logf("with .nines.hcl: %d findings; with golangci-lint's default issues settings: %d of %d (+1 in the test file)", len(configured), len(defaults)-1, len(got))
}

// TestGolangciLintFixSkipsNolint checks that golangci-lint --fix with the
// plugin applies nines's fixes as nines vet -fix does, and leaves a line
// marked //nolint for the analyzer as it is.
func TestGolangciLintFixSkipsNolint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint")
	}
	gcl := customGolangciLint(t)
	nines := buildNines(t)

	viaGolangci := copyFixture(t)
	writeGolangciConfig(t, viaGolangci, true, nil)
	cmd := exec.Command(gcl, "run", "--fix", "--show-stats=false", "./...")
	cmd.Dir = viaGolangci
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GOLANGCI_LINT_CACHE="+t.TempDir())
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("golangci-lint run --fix: %v\n%s", err, out)
	}

	viaNines := copyFixture(t)
	cmd = exec.Command(nines, "vet", "-config", "none", "-fix", "./...")
	cmd.Dir = viaNines
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("nines vet -fix: %v\n%s", err, out)
	}

	orig, err := os.ReadFile(filepath.Join("testdata", "fixture", "client.go"))
	require.NoError(t, err)
	byGolangci, err := os.ReadFile(filepath.Join(viaGolangci, "client.go"))
	require.NoError(t, err)
	byNines, err := os.ReadFile(filepath.Join(viaNines, "client.go"))
	require.NoError(t, err)

	require.NotEqual(t, string(orig), string(byGolangci), "golangci-lint --fix changed nothing:\n%s", out)
	kept := "\tkept := &http.Client{} //nolint:httpclienttimeout // no fix on a marked line\n"
	require.Contains(t, string(orig), kept)
	assert.Contains(t, string(byGolangci), kept, "golangci-lint --fix edited a line marked //nolint")
	assert.Contains(t, string(byNines), kept, "nines vet -fix edited a line marked //nolint")
	assert.NotContains(t, string(byGolangci), "\tfixed := &http.Client{}\n", "the unmarked literal was not fixed")
	assert.Equal(t, string(byNines), string(byGolangci), "golangci-lint --fix and nines vet -fix wrote different files")
}

// TestGolangciLintFactsFromReplacedModule: a retried charge through a
// helper in a module linked by a replace directive is reported by
// golangci-lint with the plugin, as by nines vet and go vet -vettool
// (internal/driver/cli's TestVetFactsFromLinkedModules).
func TestGolangciLintFactsFromReplacedModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint")
	}
	gcl := customGolangciLint(t)
	src := filepath.Join("..", "internal", "driver", "cli", "testdata", "factsmod")
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(src, name))
		require.NoError(t, err)
		return string(b)
	}
	root := t.TempDir()
	files := map[string]string{
		"billing/go.mod":            "module example.com/billing\n\ngo 1.26\n",
		"billing/billing.go":        read("billing/billing.go"),
		"shop/go.mod":               "module example.com/shop\n\ngo 1.26\n\nrequire example.com/billing v0.0.0\n\nreplace example.com/billing => ../billing\n",
		"shop/checkout/checkout.go": strings.ReplaceAll(read("checkout/checkout.go"), "example.com/factsmod/billing", "example.com/billing"),
		"shop/.golangci.yml":        "version: \"2\"\nlinters:\n  default: none\n  enable:\n    - retryidempotent\n  settings:\n    custom:\n      retryidempotent:\n        type: module\n",
	}
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	got, stderr := runGolangci(t, gcl, filepath.Join(root, "shop"))
	require.Len(t, got, 1, stderr)
	assert.Contains(t, got[0], "checkout/checkout.go:15:12: retryidempotent: retried call to billing.Charge")
}

func without(list []string, s string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(x string) bool { return x == s })
}

// customGolangciLint returns a golangci-lint binary with the plugin, built
// once per golangci-lint version, Go version and plugin source: the binary
// is kept in the user cache directory under a key of those.
func customGolangciLint(t *testing.T) string {
	t.Helper()
	pluginDir, err := filepath.Abs(".")
	require.NoError(t, err)
	rootDir := filepath.Dir(pluginDir)
	env := proxyEnv(t)

	key := sourceKey(t, pluginDir, env)
	cache, err := os.UserCacheDir()
	require.NoError(t, err)
	bin := filepath.Join(cache, "nines-golangci", key, "golangci-lint")
	if _, err := os.Stat(bin); err == nil {
		t.Logf("golangci-lint %s with the plugin: cached at %s", golangciVersion, bin)
		return bin
	}

	work := t.TempDir()
	gomod := fmt.Sprintf(`module nines.test/custom-gcl

go 1.26.0

require (
	github.com/golangci/golangci-lint/v2 %s
	github.com/nines-dev/nines/golangci v0.0.0-00010101000000-000000000000
)

replace github.com/nines-dev/nines/golangci => %s

replace github.com/nines-dev/nines => %s
`, golangciVersion, pluginDir, rootDir)
	// What `golangci-lint custom` builds: golangci-lint's command with the
	// plugin blank-imported (its cmd/golangci-lint/plugins.go).
	main := `package main

import (
	"fmt"
	"os"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/nines-dev/nines/golangci"
)

func main() {
	if err := commands.Execute(commands.BuildInfo{Version: "` + strings.TrimPrefix(golangciVersion, "v") + `-nines", Commit: "?", Date: "?"}); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
`
	require.NoError(t, os.WriteFile(filepath.Join(work, "go.mod"), []byte(gomod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(work, "main.go"), []byte(main), 0o644))

	start := time.Now()
	goCmd(t, work, env, "mod", "tidy")
	for _, mod := range pinned {
		theirs := golangciRequirement(t, work, env, mod)
		ours := goCmd(t, work, env, "list", "-m", "-f", "{{.Version}}", mod)
		if theirs != "" && ours != theirs {
			// golangci-lint custom cannot pin it: a plain .custom-gcl.yml
			// build would fail. Pin it here to test the rest, and fail.
			t.Errorf("the nines module graph raises %s from %s (golangci-lint's) to %s: golangci-lint custom would not build", mod, theirs, ours)
			goCmd(t, work, env, "mod", "edit", "-replace", mod+"="+mod+"@"+theirs)
		}
	}
	goCmd(t, work, env, "mod", "tidy")
	deps := goCmd(t, work, env, "list", "-deps", "-f", "{{if .Module}}{{.Module.Path}}{{end}}", ".")
	require.NotContains(t, deps, "github.com/open-policy-agent/opa", "the plugin compiles OPA into golangci-lint")

	require.NoError(t, os.MkdirAll(filepath.Dir(bin), 0o755))
	tmp := bin + fmt.Sprintf(".tmp%d", os.Getpid())
	goCmd(t, work, env, "build", "-o", tmp, ".")
	require.NoError(t, os.Rename(tmp, bin))
	t.Logf("built golangci-lint %s with the plugin in %s: %s", golangciVersion, time.Since(start).Round(time.Second), bin)
	return bin
}

// proxyEnv is the environment for resolving modules: the module proxy
// only (no VCS), go.mod updated as needed, no workspace. Outside CI the
// test skips when the proxy does not serve golangci-lint.
func proxyEnv(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOPROXY").Output()
	require.NoError(t, err)
	var proxies []string
	for p := range strings.FieldsFuncSeq(strings.TrimSpace(string(out)), func(r rune) bool { return r == ',' || r == '|' }) {
		if p != "direct" {
			proxies = append(proxies, p)
		}
	}
	proxy := strings.Join(proxies, ",")
	if proxy == "" {
		proxy = "off" // the module cache only
	}
	env := append(os.Environ(), "GOPROXY="+proxy, "GOFLAGS=-mod=mod", "GOWORK=off")
	cmd := exec.Command("go", "mod", "download", "-json", "github.com/golangci/golangci-lint/v2@"+golangciVersion)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		if os.Getenv("CI") != "true" {
			t.Skipf("the module proxy (%s) does not serve golangci-lint %s: %v\n%s", proxy, golangciVersion, err, out)
		}
		t.Fatalf("downloading golangci-lint %s from %s: %v\n%s", golangciVersion, proxy, err, out)
	}
	return env
}

// sourceKey hashes what the built binary depends on besides golangci-lint:
// the Go version, the nines modules' go.mod and go.sum, and every file
// compiled or embedded into the plugin from them.
func sourceKey(t *testing.T, pluginDir string, env []string) string {
	t.Helper()
	h := sha256.New()
	fmt.Fprintln(h, golangciVersion, runtime.Version(), pinned)
	for _, f := range []string{"go.mod", "go.sum", "../go.mod", "../go.sum"} {
		b, err := os.ReadFile(filepath.Join(pluginDir, f))
		require.NoError(t, err)
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	// The root module is replaced by a relative path, so its Module.Dir is
	// not the root's directory spelled the same: select by module path.
	list := goCmd(t, pluginDir, env, "list", "-deps", "-f",
		`{{if .Module}}{{if or (eq .Module.Path "github.com/nines-dev/nines") (eq .Module.Path "github.com/nines-dev/nines/golangci")}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{end}}{{end}}`,
		".")
	files := strings.Fields(list)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return golangciVersion + "-" + hex.EncodeToString(h.Sum(nil))[:16]
}

// golangciRequirement is the version of mod golangci-lint's go.mod requires.
func golangciRequirement(t *testing.T, dir string, env []string, mod string) string {
	t.Helper()
	out := goCmd(t, dir, env, "mod", "download", "-json", "github.com/golangci/golangci-lint/v2@"+golangciVersion)
	var info struct{ GoMod string }
	require.NoError(t, json.Unmarshal([]byte(out), &info))
	b, err := os.ReadFile(info.GoMod)
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(mod) + `\s+(\S+)`).FindSubmatch(b)
	if m == nil {
		return ""
	}
	return string(m[1])
}

func goCmd(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "go %s in %s:\n%s", strings.Join(args, " "), dir, stderr.String())
	return strings.TrimSpace(string(out))
}

// buildNines builds the nines command of the root module.
func buildNines(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "nines")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "building nines: %s", out)
	return bin
}

// copyFixture copies testdata/fixture to a temporary directory, away from
// any .nines.hcl above the repository's copy.
func copyFixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("testdata", "fixture")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	require.NoError(t, err)
	return dst
}

// writeGolangciConfig enables every analyzer as its own linter; retrybound
// caps attempts at 3. allIssues turns off golangci-lint's per-line and
// per-message limits. extra adds a YAML settings line to a linter.
func writeGolangciConfig(t *testing.T, dir string, allIssues bool, extra map[string]string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("version: \"2\"\nlinters:\n  default: none\n  enable:\n")
	for _, a := range analyzers.All() {
		fmt.Fprintf(&b, "    - %s\n", a.Name)
	}
	b.WriteString("  settings:\n    custom:\n")
	for _, a := range analyzers.All() {
		fmt.Fprintf(&b, "      %s:\n        type: module\n", a.Name)
		var settings []string
		if a.Name == "retrybound" {
			settings = append(settings, "max-attempts: 3")
		}
		if s, ok := extra[a.Name]; ok {
			settings = append(settings, s)
		}
		if len(settings) > 0 {
			b.WriteString("        settings:\n")
			for _, s := range settings {
				fmt.Fprintf(&b, "          %s\n", s)
			}
		}
	}
	if allIssues {
		b.WriteString("issues:\n  max-issues-per-linter: 0\n  max-same-issues: 0\n  uniq-by-line: false\n")
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(b.String()), 0o644))
}

// runGolangci runs golangci-lint on ./... in dir and returns its findings
// as sorted "file:line:col: linter: message" lines, and its stderr.
func runGolangci(t *testing.T, bin, dir string) ([]string, string) {
	t.Helper()
	cmd := exec.Command(bin, "run", "--output.json.path=stdout", "--show-stats=false", "./...")
	cmd.Dir = dir
	// A cache of its own: golangci-lint keys its results on its version,
	// which stays the same when the plugin changes.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GOLANGCI_LINT_CACHE="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("golangci-lint run: %v\n%s%s", err, stderr.String(), out)
	}
	var report struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename     string
				Line, Column int
			}
		}
	}
	require.NoError(t, json.Unmarshal(out, &report), "golangci-lint output: %s\n%s", out, stderr.String())
	var got []string
	for _, i := range report.Issues {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s: %s", filepath.ToSlash(i.Pos.Filename), i.Pos.Line, i.Pos.Column, i.FromLinter, i.Text))
	}
	slices.Sort(got)
	return got, stderr.String()
}

// runNinesVet runs nines vet -json on ./... in dir with no configuration
// file and returns its findings in runGolangci's form.
func runNinesVet(t *testing.T, bin, dir string, flags ...string) []string {
	t.Helper()
	cmd := exec.Command(bin, append(append([]string{"vet", "-config", "none", "-json"}, flags...), "./...")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("nines vet: %v\n%s", err, stderr.String())
	}
	var report map[string]map[string][]struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
		Related []struct {
			Posn    string `json:"posn"`
			Message string `json:"message"`
		} `json:"related"`
	}
	require.NoError(t, json.Unmarshal(out, &report), "nines vet output: %s", out)
	var got []string
	for _, byAnalyzer := range report {
		for name, diags := range byAnalyzer {
			for _, d := range diags {
				rel, err := filepath.Rel(dir, d.Posn)
				require.NoError(t, err)
				got = append(got, fmt.Sprintf("%s: %s: %s", filepath.ToSlash(rel), name, d.Message))
				// golangci-lint shows each related site as an issue of its
				// own, of the linter "NAME(related information)".
				for _, r := range d.Related {
					rel, err := filepath.Rel(dir, r.Posn)
					require.NoError(t, err)
					got = append(got, fmt.Sprintf("%s: %s: %s(related information): %s", filepath.ToSlash(rel), name, name, r.Message))
				}
			}
		}
	}
	slices.Sort(got)
	return got
}
