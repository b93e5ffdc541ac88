package config_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/analyzers/retrybound"
	"github.com/nines-dev/nines/analyzers/servertimeout"
	"github.com/nines-dev/nines/internal/driver/config"
	"github.com/nines-dev/nines/rules"
)

var update = flag.Bool("update", false, "rewrite config.schema.json")

// TestSchemaUpToDate regenerates the published schema from the analyzers'
// flags and the topology rules: a new flag or rule must show up in it.
func TestSchemaUpToDate(t *testing.T) {
	var infos []config.RuleInfo
	for _, r := range rules.List() {
		infos = append(infos, config.RuleInfo{ID: r.ID, Title: r.Summary})
	}
	got, err := config.GenerateSchema(analyzers.All(), infos)
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile("config.schema.json", got, 0o644))
		return
	}
	assert.Equal(t, string(config.SchemaJSON), string(got), "config.schema.json is stale: go test ./internal/driver/config -run TestSchemaUpToDate -update")
	assert.Contains(t, string(got), `"max_attempts"`, "retrybound's -max-attempts flag is a setting")
	assert.Contains(t, string(got), `"retry/excessive"`)
}

const sample = "../../../testdata/config/.nines.hcl"

func loadSample(t *testing.T) *config.Config {
	t.Helper()
	c, err := config.Load(sample, config.Options{})
	require.NoError(t, err)
	return c
}

func TestSample(t *testing.T) {
	c := loadSample(t)
	abs, err := filepath.Abs("../../../testdata/config")
	require.NoError(t, err)
	assert.Equal(t, abs, c.Dir)

	assert.Equal(t, map[string]any{"max_retries": int64(3), "amplification_limit": int64(8), "timeout_margin": 1.5}, c.PolicyConfig())
	assert.Equal(t, []string{filepath.Join(abs, "policies")}, c.PolicyDirs())
	assert.Equal(t, []string{"deploy/**/*.nines.hcl"}, c.TopologyGlobs())

	on, set := c.Analyzer("ctxdeadline")
	assert.False(t, on)
	assert.True(t, set)
	on, set = c.Analyzer("retrybound")
	assert.True(t, on)
	assert.False(t, set, "retrybound has a block but says nothing about enabled")

	enabled, sev := c.Rule("retry/no-jitter")
	assert.True(t, enabled)
	assert.Equal(t, "error", sev)
	enabled, _ = c.Rule("resilience/no-fallback")
	assert.False(t, enabled)
	enabled, sev = c.Rule("spof/single-zone")
	assert.True(t, enabled)
	assert.Empty(t, sev)

	ex := c.Exceptions()
	require.Len(t, ex, 1)
	assert.Equal(t, "spof/single-instance", ex[0].Rule)
	assert.Equal(t, "billing-db", ex[0].Subject)
	assert.Equal(t, "the replica is ordered: OPS-1234, due in March", ex[0].Reason)
	assert.Equal(t, 48, ex[0].Pos.Line)

	for file, want := range map[string]bool{
		"gen/x.go":                      true,
		"gen/deep/y.go":                 true,
		"api/v1/api.pb.go":              true,
		"api.pb.go":                     true,
		"api/api.go":                    false,
		"generated/x.go":                false,
		"internal/legacy/old.go":        false, // only for httpclienttimeout
		"../outside/gen/x.go":           false,
		filepath.Join(abs, "gen/a.go"):  true,
		filepath.Join(abs, "main.go"):   false,
		filepath.Join(abs, "../gen.go"): false,
	} {
		if !filepath.IsAbs(file) {
			file = filepath.Join(abs, file)
		}
		assert.Equal(t, want, c.Excluded(file, ""), file)
	}
	assert.True(t, c.Excluded(filepath.Join(abs, "internal/legacy/old.go"), "httpclienttimeout"))
	assert.False(t, c.Excluded(filepath.Join(abs, "internal/legacy/old.go"), "retrybound"))
}

// TestApplyFlags: the file changes every analyzer flag it names, the
// thresholds reach retrybound, the command line wins, and restore undoes it.
func TestApplyFlags(t *testing.T) {
	as := analyzers.All()
	maxAttempts := retrybound.Analyzer.Flags.Lookup("max-attempts")
	httptest := servertimeout.Analyzer.Flags.Lookup("httptest")
	require.Equal(t, "5", maxAttempts.Value.String())
	require.Equal(t, "false", httptest.Value.String())

	c := loadSample(t)
	restore, err := c.ApplyFlags(as, nil)
	require.NoError(t, err)
	assert.Equal(t, "4", maxAttempts.Value.String(), "the analyzer block wins over thresholds.max_retries")
	assert.Equal(t, "true", httptest.Value.String())
	restore()
	assert.Equal(t, "5", maxAttempts.Value.String())
	assert.Equal(t, "false", httptest.Value.String())

	// thresholds.max_retries alone sets retrybound's max-attempts.
	c = parse(t, "thresholds {\n  max_retries = 2\n}\n")
	restore, err = c.ApplyFlags(as, nil)
	require.NoError(t, err)
	assert.Equal(t, "2", maxAttempts.Value.String())
	restore()

	// A flag set on the command line is skipped.
	c = loadSample(t)
	restore, err = c.ApplyFlags(as, func(a, f string) bool { return a == "retrybound" && f == "max-attempts" })
	require.NoError(t, err)
	assert.Equal(t, "5", maxAttempts.Value.String())
	assert.Equal(t, "true", httptest.Value.String())
	restore()
	assert.Equal(t, "false", httptest.Value.String())
}

// TestGenericFlags: any analyzer flag is a setting, typed from its value.
func TestGenericFlags(t *testing.T) {
	a := &analysis.Analyzer{Name: "fake", Doc: "fake: a test analyzer", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	limit := a.Flags.Int("call-limit", 7, "a limit")
	name := a.Flags.String("name", "x", "a name")
	ratio := a.Flags.Float64("ratio.max", 0.5, "a ratio")
	opts := config.Options{Analyzers: []*analysis.Analyzer{a}}

	c, err := config.Parse("f.hcl", []byte("analyzer \"fake\" {\n  call_limit = 9\n  name = \"y\"\n  ratio_max = 0.75\n}\n"), opts)
	require.NoError(t, err)
	restore, err := c.ApplyFlags(opts.Analyzers, nil)
	require.NoError(t, err)
	assert.Equal(t, 9, *limit)
	assert.Equal(t, "y", *name)
	assert.Equal(t, 0.75, *ratio)
	restore()
	assert.Equal(t, 7, *limit)

	// A value the schema accepts but the flag refuses fails at its position,
	// and leaves the flags as they were.
	c, err = config.Parse("f.hcl", []byte("analyzer \"fake\" {\n  name = \"z\"\n  call_limit = 99999999999999999999\n}\n"), opts)
	require.NoError(t, err)
	_, err = c.ApplyFlags(opts.Analyzers, nil)
	assert.EqualError(t, err, `f.hcl:3:3: call_limit: invalid value 1e+20 for -fake.call-limit: parse error`)
	assert.Equal(t, "x", *name)

	_, err = config.Parse("f.hcl", []byte("analyzer \"fake\" {\n  call_limit = \"9\"\n}\n"), opts)
	assert.EqualError(t, err, `f.hcl:2:3: call_limit must be an integer, not string`)
	_, err = config.Parse("f.hcl", []byte("analyzer \"fake\" {\n  call-limit = 9\n}\n"), opts)
	assert.EqualError(t, err, `f.hcl:2:3: analyzer "fake" has no setting "call-limit": write call_limit`)
	_, err = config.Parse("f.hcl", []byte("analyzer \"fake\" {\n  call_limit = 1.5\n}\n"), opts)
	assert.EqualError(t, err, `f.hcl:2:3: call_limit must be an integer, not number`)
}

func parse(t *testing.T, src string) *config.Config {
	t.Helper()
	c, err := config.Parse("x/.nines.hcl", []byte(src), config.Options{})
	require.NoError(t, err)
	return c
}

// TestErrors: every kind of mistake is exit-2 input with file:line:col.
func TestErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"syntax", "analyzer \"retrybound\" {\n  enabled = \n}\n", "c.hcl:2:"},
		{"unclosed", "thresholds {\n", "c.hcl:1:12: unclosed configuration block"},
		{"unknown block", "analyser \"retrybound\" {}\n", `c.hcl:1:1: unknown block "analyser"`},
		{"unknown attribute", "excludes = [\"x\"]\n", `c.hcl:1:1: unknown attribute "excludes"`},
		{"unknown threshold", "thresholds {\n  max_retry = 3\n}\n", `c.hcl:2:3: unknown attribute "max_retry" in thresholds block`},
		{"unknown analyzer", "analyzer \"retrybond\" {\n  enabled = false\n}\n", `c.hcl:1:1: unknown analyzer "retrybond"; the analyzers are ctxdeadline, dialtimeout,`},
		{"unknown flag", "analyzer \"retrybound\" {\n  max_tries = 3\n}\n", `c.hcl:2:3: analyzer "retrybound" has no setting "max_tries"; its settings are enabled, exclude, max_attempts`},
		{"unknown rule", "rule \"retry/excesive\" {\n  enabled = false\n}\n", `c.hcl:1:1: unknown rule "retry/excesive"`},
		{"bad rule id", "rule \"excessive\" {\n  enabled = false\n}\n", `c.hcl:1:1: rule ids are CATEGORY/NAME, such as "retry/excessive", not "excessive"`},
		{"wrong type", "thresholds {\n  max_retries = \"3\"\n}\n", `c.hcl:2:3: max_retries must be an integer, not string`},
		{"wrong type bool", "analyzer \"retrybound\" {\n  enabled = \"no\"\n}\n", `c.hcl:2:3: enabled must be a boolean, not string`},
		{"below minimum", "thresholds {\n  amplification_limit = 0.5\n}\n", `c.hcl:2:3: amplification_limit must be at least 1, not 0.5`},
		{"bad severity", "rule \"retry/excessive\" {\n  severity = \"fatal\"\n}\n", `c.hcl:2:3: severity must be one of "error", "warning", not "fatal"`},
		{"missing reason", "exception {\n  rule = \"spof/single-instance\"\n  subject = \"db\"\n}\n", `c.hcl:1:1: an exception needs a reason: say why the finding is accepted`},
		{"blank reason", "exception {\n  rule = \"spof/single-instance\"\n  subject = \"db\"\n  reason = \"  \"\n}\n", `c.hcl:4:3: an exception needs a reason`},
		{"exception unknown rule", "exception {\n  rule = \"spof/single\"\n  subject = \"db\"\n  reason = \"ok\"\n}\n", `c.hcl:2:3: unknown rule "spof/single"`},
		{"duplicate analyzer", "analyzer \"retrybound\" {}\nanalyzer \"retrybound\" {}\n", `c.hcl:2:1: analyzer "retrybound" is already declared at c.hcl:1:1`},
		{"duplicate thresholds", "thresholds {}\nthresholds {}\n", `c.hcl:2:1: thresholds block is already declared at c.hcl:1:1`},
		{"missing label", "analyzer {\n}\n", `c.hcl:1:1: analyzer block needs 1 label (the analyzer's name), not 0`},
		{"label on thresholds", "thresholds \"x\" {\n}\n", `c.hcl:1:1: thresholds block takes no labels`},
		{"variable", "exclude = [var.x]\n", `c.hcl:1:11: exclude: only constant values are allowed here`},
		{"function", "exclude = upper(\"x\")\n", `c.hcl:1:11: exclude: only constant values are allowed here`},
		{"for", "exclude = [for x in [\"a\"] : x]\n", `only constant values are allowed here`},
		{"bad glob", "exclude = [\"gen/[\"]\n", `c.hcl:1:1: glob "gen/[" is malformed`},
		{"absolute glob", "exclude = [\"/etc/**\"]\n", `c.hcl:1:1: glob "/etc/**" must be relative to the configuration file's directory`},
		{"glob not a string", "exclude = [\"a\", 3]\n", `c.hcl:1:1: exclude[1] must be a string, not number`},
		{"deep nesting", "exclude = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n", `c.hcl:1:43: nested more than 32 levels deep`},
		// A quoted string runs across lines, as in HCL's scanner (and the
		// topology loader): the brackets after its closing quote nest.
		{"deep nesting after a string over lines", "exclude = [\"x\n\", " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "]\n", `c.hcl:2:35: nested more than 32 levels deep`},
		{"topology block unknown", "topology {\n  file = [\"a\"]\n}\n", `c.hcl:2:3: unknown attribute "file" in topology block`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse("c.hcl", []byte(tc.src), config.Options{})
			require.Error(t, err)
			var list config.ErrorList
			require.ErrorAs(t, err, &list)
			assert.Contains(t, err.Error(), tc.want)
			for _, e := range list {
				assert.Regexp(t, `^c\.hcl:\d+:\d+: [a-z]`, e.Error(), "every error names file:line:col and reads like go vet")
			}
		})
	}
}

func TestCustomRulesNeedPolicies(t *testing.T) {
	src := "rule \"acme/no-prod-db\" {\n  enabled = false\n}\n"
	_, err := config.Parse("c.hcl", []byte(src), config.Options{})
	assert.ErrorContains(t, err, `c.hcl:1:1: unknown rule "acme/no-prod-db"`)
	c, err := config.Parse("c.hcl", []byte(src+"topology {\n  policies = [\"policies\"]\n}\n"), config.Options{})
	require.NoError(t, err, "a rule of a policy directory is accepted")
	enabled, _ := c.Rule("acme/no-prod-db")
	assert.False(t, enabled)
}

func TestLoadErrors(t *testing.T) {
	_, err := config.Load(filepath.Join(t.TempDir(), "missing.hcl"), config.Options{})
	assert.ErrorContains(t, err, "missing.hcl: cannot read the configuration file: no such file or directory")

	big := filepath.Join(t.TempDir(), ".nines.hcl")
	require.NoError(t, os.WriteFile(big, []byte(strings.Repeat("# comment\n", config.MaxFileBytes/10+1)), 0o644))
	_, err = config.Load(big, config.Options{})
	assert.ErrorContains(t, err, "over the limit")
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	deep := filepath.Join(repo, "svc", "api", "internal")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	require.NoError(t, os.Mkdir(filepath.Join(repo, ".git"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, config.FileName), nil, 0o644))

	got, err := config.Find(deep)
	require.NoError(t, err)
	assert.Empty(t, got, "the search stops at the repository root")

	require.NoError(t, os.WriteFile(filepath.Join(repo, config.FileName), nil, 0o644))
	got, err = config.Find(deep)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(repo, config.FileName), got, "the repository root is searched")

	require.NoError(t, os.WriteFile(filepath.Join(repo, "svc", config.FileName), nil, 0o644))
	got, err = config.Find(deep)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(repo, "svc", config.FileName), got, "the nearest file wins")

	t.Setenv(config.EnvVar, "")
	got, err = config.Locate(deep, "", false)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(repo, "svc", config.FileName), got)
	got, err = config.Locate(deep, "other.hcl", true)
	require.NoError(t, err)
	assert.Equal(t, "other.hcl", got)
	got, err = config.Locate(deep, "none", true)
	require.NoError(t, err)
	assert.Empty(t, got)
	_, err = config.Locate(deep, "", true)
	assert.Error(t, err, "-config= with no file")

	t.Setenv(config.EnvVar, "none")
	got, err = config.Locate(deep, "", false)
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = config.Locate(deep, "x.hcl", true)
	require.NoError(t, err)
	assert.Equal(t, "x.hcl", got, "the flag wins over the environment")
	t.Setenv(config.EnvVar, "/abs/c.hcl")
	got, err = config.Locate(deep, "", false)
	require.NoError(t, err)
	assert.Equal(t, "/abs/c.hcl", got)
}

func TestTopologyFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{
		"deploy/prod/shop.nines.hcl", "deploy/staging/shop.nines.hcl", "deploy/notes.txt",
		"other/x.nines.hcl", "deploy/.nines.hcl",
	} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), nil, 0o644))
	}
	cfg := filepath.Join(dir, config.FileName)
	require.NoError(t, os.WriteFile(cfg, []byte("topology {\n  files = [\"deploy/**/*.hcl\", \"missing/*.hcl\"]\n}\n"), 0o644))
	c, err := config.Load(cfg, config.Options{})
	require.NoError(t, err)
	files, err := c.TopologyFiles()
	require.NoError(t, err)
	assert.Equal(t, []string{
		filepath.Join(dir, "deploy/prod/shop.nines.hcl"),
		filepath.Join(dir, "deploy/staging/shop.nines.hcl"),
	}, files, "the configuration file is never a topology file")
	assert.True(t, config.IsConfigFile("deploy/.nines.hcl"))
	assert.False(t, config.IsConfigFile("deploy/shop.nines.hcl"))
}
