package golangci_test

import (
	"go/token"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/analyzers/retrybound"
	"github.com/nines-dev/nines/golangci"
)

func build(t *testing.T, name string, raw any) (*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin(name)
	require.NoError(t, err)
	p, err := newPlugin(raw)
	if err != nil {
		return nil, err
	}
	assert.Equal(t, register.LoadModeTypesInfo, p.GetLoadMode())
	as, err := p.BuildAnalyzers()
	require.NoError(t, err)
	require.Len(t, as, 1)
	return as[0], nil
}

func TestOneLinterPerAnalyzer(t *testing.T) {
	for _, a := range analyzers.All() {
		got, err := build(t, a.Name, nil)
		require.NoError(t, err)
		assert.Equal(t, a.Name, got.Name, "golangci-lint names the linter's issues after the plugin, //nolint after the analyzer")
		assert.Equal(t, a.Requires, got.Requires)
		assert.Equal(t, a.FactTypes, got.FactTypes)
		assert.Nil(t, a.Flags.Lookup(golangci.TestsKey), "%s has a flag named like the plugin's own setting", a.Name)
	}
}

func TestRetiredUmbrellaLinterExplainsTheMigration(t *testing.T) {
	_, err := build(t, "nines", map[string]any{"disable": []any{"ctxdeadline"}})
	assert.ErrorContains(t, err, "one linter per analyzer")
	assert.ErrorContains(t, err, "httpclienttimeout")
}

func TestSettingsSetFlags(t *testing.T) {
	f := retrybound.Analyzer.Flags.Lookup("max-attempts")
	require.NotNil(t, f)
	defer func(v string) { require.NoError(t, f.Value.Set(v)) }(f.Value.String())

	// What golangci-lint passes for `settings: {max-attempts: 3}` in YAML.
	_, err := build(t, "retrybound", map[string]any{"max-attempts": 3})
	require.NoError(t, err)
	assert.Equal(t, "3", f.Value.String())

	_, err = build(t, "retrybound", map[string]any{"max-attempts": "7"})
	require.NoError(t, err)
	assert.Equal(t, "7", f.Value.String())
}

func TestSettingsAreStrict(t *testing.T) {
	for name, tc := range map[string]struct {
		linter string
		raw    any
		want   string
	}{
		"unknown key":        {"retrybound", map[string]any{"max-attempt": 3}, `unknown setting "max-attempt"`},
		"qualified flag":     {"retrybound", map[string]any{"retrybound.max-attempts": 3}, "write max-attempts"},
		"bad value":          {"retrybound", map[string]any{"max-attempts": "many"}, "max-attempts"},
		"list value":         {"retrybound", map[string]any{"max-attempts": []any{3}}, "want a string, number or boolean"},
		"tests not a bool":   {"dialtimeout", map[string]any{"tests": "yes"}, "want true or false"},
		"flag of another":    {"dialtimeout", map[string]any{"max-attempts": 3}, "the settings are tests"},
		"settings not a map": {"dialtimeout", []any{"tests"}, "dialtimeout settings"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := build(t, tc.linter, tc.raw)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestTestFilesDroppedUnlessAsked(t *testing.T) {
	fset := token.NewFileSet()
	src := fset.AddFile("x.go", -1, 10)
	test := fset.AddFile("x_test.go", -1, 10)
	fake := &analysis.Analyzer{
		Name: "fake",
		Doc:  "fake: reports one diagnostic per file",
		Run: func(pass *analysis.Pass) (any, error) {
			pass.Reportf(token.Pos(src.Base()), "in x.go")
			pass.Reportf(token.Pos(test.Base()), "in x_test.go")
			return nil, nil
		},
	}
	run := func(a *analysis.Analyzer) []string {
		var got []string
		_, err := a.Run(&analysis.Pass{Fset: fset, Report: func(d analysis.Diagnostic) { got = append(got, d.Message) }})
		require.NoError(t, err)
		return got
	}

	p, err := golangci.New(fake, nil)
	require.NoError(t, err)
	as, _ := p.BuildAnalyzers()
	assert.Equal(t, []string{"in x.go"}, run(as[0]))

	p, err = golangci.New(fake, map[string]any{"tests": true})
	require.NoError(t, err)
	as, _ = p.BuildAnalyzers()
	assert.Equal(t, []string{"in x.go", "in x_test.go"}, run(as[0]))
}
