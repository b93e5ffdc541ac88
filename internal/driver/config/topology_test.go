package config_test

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/driver/config"
	"github.com/nines-dev/nines/topology"
)

// A chain web -> api -> db: 4 retries (within the default 5), 5 x 3 = 15
// attempts end to end (over the default limit of 10), and a 110ms timeout
// on a 100ms p99 (under the default margin of 1.2).
const chain = `
service "web" {
  instances = 2
  call "api" {
    timeout    = "2s"
    retries    = 4
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}
service "api" {
  instances   = 2
  latency_p99 = "100ms"
  call "db" {
    timeout    = "110ms"
    retries    = 2
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}
database "db" {
  instances   = 2
  latency_p99 = "100ms"
}
journey "browse" {
  entry   = "web"
  slo     = "90%"
  timeout = "60s"
}
`

func ruleIDs(r *topology.Report) []string {
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.Rule+" "+f.Subject)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// TestThresholdsReachTheRules runs the topology checks with the policy
// configuration the file gives: each threshold it names changes a finding.
func TestThresholdsReachTheRules(t *testing.T) {
	fsys := fstest.MapFS{"shop.nines.hcl": {Data: []byte(chain)}}
	check := func(cfg map[string]any) *topology.Report {
		r, err := topology.Check(context.Background(), fsys, []string{"shop.nines.hcl"}, topology.Options{Config: cfg})
		require.NoError(t, err)
		return r
	}
	def := ruleIDs(check(nil))
	assert.Contains(t, def, "retry/amplification browse")
	assert.Contains(t, def, "timeout/below-p99 api->db")
	assert.NotContains(t, def, "retry/excessive web->api")

	c, err := config.Parse(".nines.hcl", []byte("thresholds {\n  max_retries = 3\n  amplification_limit = 20\n  timeout_margin = 1.05\n}\n"), config.Options{})
	require.NoError(t, err)
	got := ruleIDs(check(c.PolicyConfig()))
	assert.Contains(t, got, "retry/excessive web->api", "max_retries 3 < 4 retries")
	assert.NotContains(t, got, "retry/amplification browse", "15 attempts are within amplification_limit 20")
	assert.NotContains(t, got, "timeout/below-p99 api->db", "110ms is above 100ms x 1.05")
}
