package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/analyzers/retrybound"
	"github.com/nines-dev/nines/analyzers/servertimeout"
	"github.com/nines-dev/nines/internal/driver/config"
)

// The other tests run with NINES_CONFIG=none (see TestMain) so that a
// .nines.hcl above the repository's fixtures cannot change them; these
// turn the search back on.
func searchConfig(t *testing.T) { t.Setenv(config.EnvVar, "") }

var textFinding = regexp.MustCompile(`^(\S+?):(\d+):\d+: .* \((\w+)\)$`)

// summary reduces nines vet's text output to "file:line analyzer".
func summary(t *testing.T, out string) []string {
	t.Helper()
	var s []string
	for _, l := range lines(out) {
		m := textFinding.FindStringSubmatch(l)
		require.NotNil(t, m, "unexpected output line %q", l)
		s = append(s, m[1]+":"+m[2]+" "+m[3])
	}
	return s
}

// What the configmod fixture reports without its configuration, and with it
// (.nines.hcl: gen/ excluded, dialtimeout off, servertimeout's httptest
// setting on, thresholds.max_retries 3 reaching retrybound).
var (
	configmodDefault = []string{
		"client/client.go:8 httpclienttimeout",
		"client/client.go:10 dialtimeout",
		"gen/gen.go:6 httpclienttimeout",
		"retry/retry.go:16 retrybackoff",
	}
	configmodConfigured = []string{
		"client/client.go:8 httpclienttimeout",
		"retry/retry.go:16 retrybackoff",
		"retry/retry.go:16 retrybound",
		"serve/serve.go:12 servertimeout",
	}
)

func TestVetConfig(t *testing.T) {
	searchConfig(t)
	dir := fixture("configmod")

	r := nines(t, dir, "vet", "-config", "none", "./...")
	assert.Equal(t, ExitFindings, r.code, r.stderr)
	assert.Equal(t, configmodDefault, summary(t, r.stdout), "-config none: the analyzers' defaults")

	r = nines(t, dir, "vet", "./...")
	assert.Equal(t, ExitFindings, r.code, r.stderr)
	assert.Equal(t, configmodConfigured, summary(t, r.stdout), ".nines.hcl found in the current directory")
	assert.Contains(t, r.stdout, "retry loop makes up to 4 attempts, more than 3")

	r = nines(t, filepath.Join(dir, "retry"), "vet", ".")
	assert.Equal(t, []string{"retry.go:16 retrybackoff", "retry.go:16 retrybound"}, summary(t, r.stdout),
		"found by walking up from a subdirectory")

	// The analyzer block wins over thresholds (max_attempts 4 over max_retries 2).
	for _, args := range [][]string{{"vet", "-config", "configs/loose.hcl", "./..."}, {"vet", "--config=configs/loose.hcl", "./..."}} {
		r = nines(t, dir, args...)
		assert.Equal(t, configmodDefault, summary(t, r.stdout), "%v", args)
	}
	t.Setenv(config.EnvVar, filepath.Join(dir, "configs", "loose.hcl"))
	r = nines(t, dir, "vet", "./...")
	assert.Equal(t, configmodDefault, summary(t, r.stdout), "NINES_CONFIG names the file")
	t.Setenv(config.EnvVar, "none")
	r = nines(t, dir, "vet", "./...")
	assert.Equal(t, configmodDefault, summary(t, r.stdout), "NINES_CONFIG=none turns the search off")
	r = nines(t, dir, "vet", "-config", ".nines.hcl", "./...")
	assert.Equal(t, configmodConfigured, summary(t, r.stdout), "-config wins over NINES_CONFIG")
	searchConfig(t)

	// Flags on the command line win over the file.
	r = nines(t, dir, "vet", "-retrybound.max-attempts=4", "-servertimeout.httptest=false", "./...")
	assert.Equal(t, []string{
		"client/client.go:8 httpclienttimeout",
		"retry/retry.go:16 retrybackoff",
	}, summary(t, r.stdout))
	r = nines(t, dir, "vet", "-dialtimeout", "./...")
	assert.Equal(t, []string{"client/client.go:10 dialtimeout"}, summary(t, r.stdout),
		"-NAME runs the named analyzer even when the file turns it off")

	// An in-process run leaves the analyzers' flags as it found them.
	assert.Equal(t, "5", retrybound.Analyzer.Flags.Lookup("max-attempts").Value.String())
	assert.Equal(t, "false", servertimeout.Analyzer.Flags.Lookup("httptest").Value.String())
}

func TestVetConfigOutputs(t *testing.T) {
	searchConfig(t)
	dir := fixture("configmod")
	for _, format := range []string{"json", "sarif", "github"} {
		r := nines(t, dir, "vet", "-format", format, "./...")
		assert.Equal(t, ExitFindings, r.code, r.stderr)
		assert.NotContains(t, r.stdout, "gen.go", "%s: an excluded file is not even a suppressed result", format)
		assert.NotContains(t, r.stdout, "dialtimeout\"", format)
		assert.Contains(t, r.stdout, "more than 3", format)
	}
}

const badConfig = `analyzer "retrybound" {
  max_attempts = "many"
}
`

func TestVetConfigErrors(t *testing.T) {
	searchConfig(t)
	dir := fixture("configmod")
	tmp := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(tmp, name)
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
		return p
	}
	for _, tc := range []struct{ name, src, want string }{
		{"type.hcl", badConfig, `type.hcl:2:3: max_attempts must be an integer, not string`},
		{"syntax.hcl", "thresholds {\n  max_retries = = 3\n}\n", `syntax.hcl:2:17: `},
		{"block.hcl", "treshold {\n}\n", `block.hcl:1:1: unknown block "treshold"`},
		{"analyzer.hcl", "analyzer \"nosuch\" {\n}\n", `analyzer.hcl:1:1: unknown analyzer "nosuch"`},
		{"flag.hcl", "analyzer \"retrybound\" {\n  max = 3\n}\n", `flag.hcl:2:3: analyzer "retrybound" has no setting "max"`},
		{"rule.hcl", "rule \"retry/nosuch\" {\n}\n", `rule.hcl:1:1: unknown rule "retry/nosuch"`},
		{"reason.hcl", "exception {\n  rule = \"spof/single-instance\"\n  subject = \"db\"\n}\n", `reason.hcl:1:1: an exception needs a reason`},
		{"cap.hcl", "analyzer \"retrybound\" {\n  max_attempts = -1\n}\n", `cap.hcl:2:3: max_attempts: invalid value -1 for -retrybound.max-attempts: -1 attempts: a cap must be at least 1`},
	} {
		p := write(tc.name, tc.src)
		r := nines(t, dir, "vet", "-config", p, "./...")
		assert.Equal(t, ExitError, r.code, tc.name)
		assert.Contains(t, r.stderr, tc.want, tc.name)
		assert.Empty(t, r.stdout, tc.name)
	}
	r := nines(t, dir, "vet", "-retrybound.max-attempts=0", "./...")
	assert.Equal(t, ExitError, r.code, "a cap below 1 is refused on the command line too")
	assert.Contains(t, r.stderr, "0 attempts: a cap must be at least 1")
	r = nines(t, dir, "vet", "-config", "nosuch.hcl", "./...")
	assert.Equal(t, ExitError, r.code)
	assert.Contains(t, r.stderr, "nosuch.hcl: cannot read the configuration file")
	r = nines(t, dir, "vet", "-config=", "./...")
	assert.Equal(t, ExitError, r.code)
	assert.Contains(t, r.stderr, `-config needs a file name`)
}

// runCmdEnv is runCmd with extra environment variables.
func runCmdEnv(t *testing.T, dir string, env []string, name string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off"), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), o.String(), e.String()
	}
	require.NoError(t, err)
	return 0, o.String(), e.String()
}

// TestVetToolConfig: go vet -vettool=nines finds .nines.hcl from each
// package's directory and applies it as nines vet does; editing the file
// changes go vet's cached results.
func TestVetToolConfig(t *testing.T) {
	bin := ninesBinary(t)
	dir := copyDir(t, fixture("configmod"))
	search := []string{config.EnvVar + "="}

	code, _, vetOut := runCmdEnv(t, dir, search, "go", "vet", "-vettool="+bin, "./...")
	assert.Equal(t, 1, code, vetOut)
	fromGoVet := vetFindings(t, dir, vetOut)
	_, ninesOut, errOut := runCmdEnv(t, dir, search, bin, "vet", "-json", "./...")
	assert.Equal(t, jsonFindings(t, dir, ninesOut), withoutNames(fromGoVet), errOut)
	assert.Equal(t, []string{"client/client.go:8", "retry/retry.go:16", "retry/retry.go:16", "serve/serve.go:12"}, lineOf(fromGoVet))
	assert.Contains(t, vetOut, "more than 3")

	// Command-line flags win over the file.
	_, _, vetOut = runCmdEnv(t, dir, search, "go", "vet", "-vettool="+bin, "-retrybound.max-attempts=4", "-servertimeout.httptest=false", "./...")
	assert.Equal(t, []string{"client/client.go:8", "retry/retry.go:16"}, lineOf(vetFindings(t, dir, vetOut)))
	assert.NotContains(t, vetOut, "more than")

	// Edit the file: go vet must not serve the results cached for the old one.
	loose, err := os.ReadFile(filepath.Join(dir, "configs", "loose.hcl"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".nines.hcl"), loose, 0o644))
	_, _, vetOut = runCmdEnv(t, dir, search, "go", "vet", "-vettool="+bin, "./...")
	assert.Equal(t, []string{"client/client.go:10", "client/client.go:8", "gen/gen.go:6", "retry/retry.go:16"}, lineOf(vetFindings(t, dir, vetOut)))

	// A broken file fails the run with its position.
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".nines.hcl"), []byte(badConfig), 0o644))
	code, _, vetOut = runCmdEnv(t, dir, search, "go", "vet", "-vettool="+bin, "./...")
	assert.NotEqual(t, 0, code)
	assert.Contains(t, vetOut, ".nines.hcl:2:3: max_attempts must be an integer, not string")
	assert.False(t, strings.Contains(vetOut, "panic"), vetOut)
}
