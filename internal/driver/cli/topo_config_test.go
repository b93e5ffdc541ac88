package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stormDir copies the retry-storm example into a fresh directory with the
// given .nines.hcl (none when conf is empty) and returns the directory.
func stormDir(t *testing.T, conf string) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(testdataDir, "..", "..", "..", "..", "testdata", "topology", "retry-storm", "storm.nines.hcl"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "deploy"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "deploy", "storm.nines.hcl"), src, 0o644))
	if conf != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, ".nines.hcl"), []byte(conf), 0o644))
	}
	return dir
}

func TestTopoReadsConfig(t *testing.T) {
	t.Setenv("NINES_CONFIG", "")

	without := nines(t, stormDir(t, ""), "topo")
	require.Equal(t, ExitFindings, without.code, without.stderr)
	assert.Contains(t, without.stdout, "(retry/amplification)")
	assert.Contains(t, without.stdout, "error: call gateway->orders")

	conf := `
thresholds {
  amplification_limit = 100
}
rule "timeout/budget-exceeded" {
  severity = "warning"
}
`
	with := nines(t, stormDir(t, conf), "topo")
	// .nines.hcl is the configuration, not a topology file: no parse errors.
	require.Equal(t, ExitClean, with.code, "stdout:\n%s\nstderr:\n%s", with.stdout, with.stderr)
	assert.NotContains(t, with.stdout, "(retry/amplification)")
	assert.Contains(t, with.stdout, "warning: call gateway->orders")

	// The command line wins over the file.
	set := nines(t, stormDir(t, conf), "topo", "-set", "amplification_limit=10")
	assert.Contains(t, set.stdout, "(retry/amplification)")

	// -config none ignores the file.
	off := nines(t, stormDir(t, conf), "topo", "-config", "none")
	assert.Equal(t, ExitFindings, off.code)
	assert.Contains(t, off.stdout, "(retry/amplification)")
}

func TestTopoConfigRuleOffAndFiles(t *testing.T) {
	t.Setenv("NINES_CONFIG", "")
	conf := `
rule "retry/amplification" {
  enabled = false
}
topology {
  files = ["deploy/*.nines.hcl"]
}
`
	dir := stormDir(t, conf)
	// A stray topology outside the configured globs is not checked.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.nines.hcl"), []byte("service {"), 0o644))
	r := nines(t, dir, "topo")
	require.Equal(t, ExitFindings, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "(retry/amplification)")
	assert.Contains(t, r.stdout, "deploy/storm.nines.hcl:17:3: error: call gateway->orders")
}

func TestTopoBadConfig(t *testing.T) {
	t.Setenv("NINES_CONFIG", "")
	r := nines(t, stormDir(t, "thresholds {\n  amplification_limit = \"lots\"\n}\n"), "topo")
	assert.Equal(t, ExitError, r.code)
	assert.Regexp(t, `^\.nines\.hcl:2:\d+: `, r.stderr)
}

// TestTopoPolicyTimeout: -policy-timeout and policy_timeout in .nines.hcl
// bound the compilation and evaluation of the policies; the flag wins.
func TestTopoPolicyTimeout(t *testing.T) {
	t.Setenv("NINES_CONFIG", "")
	const want = "compiling the policies stopped after the time limit of 1ns"
	flag := nines(t, stormDir(t, ""), "topo", "-policy-timeout", "1ns")
	assert.Equal(t, ExitError, flag.code)
	assert.Contains(t, flag.stderr, want)

	conf := nines(t, stormDir(t, "topology {\n  policy_timeout = \"1ns\"\n}\n"), "topo")
	assert.Equal(t, ExitError, conf.code)
	assert.Contains(t, conf.stderr, want)

	wins := nines(t, stormDir(t, "topology {\n  policy_timeout = \"1ns\"\n}\n"), "topo", "-policy-timeout", "5m")
	assert.Equal(t, ExitFindings, wins.code, wins.stderr)

	bad := nines(t, stormDir(t, "topology {\n  policy_timeout = \"soon\"\n}\n"), "topo")
	assert.Equal(t, ExitError, bad.code)
	assert.Contains(t, bad.stderr, ".nines.hcl:2:3: policy_timeout \"soon\" must be a positive Go duration")
}
