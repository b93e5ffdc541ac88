package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRulesListsTopologyRules(t *testing.T) {
	r := nines(t, t.TempDir(), "rules")
	require.Equal(t, ExitClean, r.code, r.stderr)
	assert.Regexp(t, `(?m)^spof/single-instance\s+topology\s+error\s+required component runs a single instance$`, r.stdout)
	assert.Regexp(t, `(?m)^httpclienttimeout\s+go\s+`, r.stdout)

	r = nines(t, t.TempDir(), "rules", "retry/amplification")
	require.Equal(t, ExitClean, r.code, r.stderr)
	assert.Contains(t, r.stdout, "retry/amplification: retries multiply along a journey's path (severity warning)")
	assert.Contains(t, r.stdout, "Bad:\n\n    ")
	assert.Contains(t, r.stdout, "docs/rules/topology/retry/amplification.md")
}
