package golangci_test

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/analyzers/retrybound"
	_ "github.com/nines-dev/nines/golangci"
)

func names(t *testing.T, p register.LinterPlugin) []string {
	t.Helper()
	as, err := p.BuildAnalyzers()
	require.NoError(t, err)
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestRegisteredWithAllAnalyzers(t *testing.T) {
	newPlugin, err := register.GetPlugin("nines")
	require.NoError(t, err)
	p, err := newPlugin(nil)
	require.NoError(t, err)
	assert.Equal(t, register.LoadModeTypesInfo, p.GetLoadMode())
	var want []string
	for _, a := range analyzers.All() {
		want = append(want, a.Name)
	}
	assert.Equal(t, want, names(t, p))
}

func TestDisable(t *testing.T) {
	newPlugin, err := register.GetPlugin("nines")
	require.NoError(t, err)
	p, err := newPlugin(map[string]any{"disable": []any{"dialtimeout", "ctxdeadline"}})
	require.NoError(t, err)
	got := names(t, p)
	assert.NotContains(t, got, "dialtimeout")
	assert.NotContains(t, got, "ctxdeadline")
	assert.Contains(t, got, "httpclienttimeout")
	assert.Len(t, got, len(analyzers.All())-2)
}

func TestSettingsAreStrict(t *testing.T) {
	newPlugin, err := register.GetPlugin("nines")
	require.NoError(t, err)
	for name, raw := range map[string]any{
		"unknown key":      map[string]any{"disabled": []any{"dialtimeout"}},
		"unknown analyzer": map[string]any{"disable": []any{"nosuchcheck"}},
		"unknown flag":     map[string]any{"flags": map[string]any{"dialtimeout.nosuchflag": "1"}},
		"unqualified flag": map[string]any{"flags": map[string]any{"max-attempts": "3"}},
		"wrong type":       map[string]any{"disable": "dialtimeout"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := newPlugin(raw)
			assert.Error(t, err)
		})
	}
}

func TestFlags(t *testing.T) {
	newPlugin, err := register.GetPlugin("nines")
	require.NoError(t, err)
	f := retrybound.Analyzer.Flags.Lookup("max-attempts")
	require.NotNil(t, f)
	defer func(v string) { require.NoError(t, f.Value.Set(v)) }(f.Value.String())

	_, err = newPlugin(map[string]any{"flags": map[string]any{"retrybound.max-attempts": "3"}})
	require.NoError(t, err)
	assert.Equal(t, "3", f.Value.String())

	_, err = newPlugin(map[string]any{"flags": map[string]any{"retrybound.max-attempts": "many"}})
	assert.ErrorContains(t, err, "retrybound.max-attempts")
}
