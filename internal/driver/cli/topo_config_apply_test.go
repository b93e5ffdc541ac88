package cli

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/driver/config"
	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/policy"
)

// TestApplyTopologyConfig: rules turned off, severities, excludes and exceptions
// change the report the lead's topo command prints.
func TestApplyTopologyConfig(t *testing.T) {
	c, err := config.Load("../../../testdata/config/.nines.hcl", config.Options{})
	require.NoError(t, err)
	dir := c.Dir
	f := func(rule, sev, subject, file string, line int) policy.Finding {
		return policy.Finding{Rule: rule, Severity: sev, Subject: subject, File: filepath.Join(dir, file), Line: line, Column: 1, Message: rule}
	}
	r := &topology.Report{Findings: []policy.Finding{
		f("resilience/no-fallback", "warning", "api->pay", "shop.nines.hcl", 3),
		f("retry/no-jitter", "warning", "api->db", "shop.nines.hcl", 5),
		f("spof/single-instance", "error", "billing-db", "shop.nines.hcl", 9),
		f("spof/single-instance", "error", "api", "shop.nines.hcl", 1),
		f("timeout/missing", "error", "x->y", "gen/shop.nines.hcl", 2),
	}}
	require.Zero(t, r.Failing("error")-3)
	applyTopologyConfig(c, r)
	var got []string
	for _, x := range r.Findings {
		got = append(got, x.Rule+" "+x.Severity+" "+x.Subject)
	}
	assert.Equal(t, []string{
		"spof/single-instance error api",
		"retry/no-jitter error api->db",
	}, got, "no-fallback is off, gen/ is excluded, no-jitter is an error, billing-db is waived")
	require.Len(t, r.Waived, 1)
	assert.Equal(t, "billing-db", r.Waived[0].Subject)
	assert.Equal(t, "the replica is ordered: OPS-1234, due in March", r.Waived[0].Reason)
	assert.Equal(t, 48, r.Waived[0].Exception.Line)
	assert.Equal(t, 2, r.Failing("error"))
}
