//go:build !ninesplan

package policy_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nines-dev/nines/topology/policy"
)

// facts is a small facts document: one single-instance database that the
// checkout journey needs, called by api.
func facts() map[string]any {
	return map[string]any{
		"components": map[string]any{
			"db": map[string]any{
				"name": "db", "kind": "database", "file": "shop.nines.hcl", "line": 12, "column": 1,
				"instances": 1, "zones": []string{}, "distinct_zones": 0, "min_healthy": 1,
				"instance_availability": 0.9999, "availability": 0.9999,
				"mode": "active-active", "failover": "automatic",
				"failover_time_seconds": 60, "mttr_seconds": 3600,
				"stateless": true, "session_store": "",
				"consistency": "strong", "replication": "none",
				"replication_lag_seconds": nil, "rpo_seconds": nil, "rto_seconds": nil,
				"latency_p99_seconds": nil,
				"required":            true, "journeys": []string{"checkout"},
			},
		},
		"calls":    []any{},
		"journeys": []any{},
	}
}

func TestEvaluateBuiltinRule(t *testing.T) {
	got, err := policy.Evaluate(context.Background(), facts(), policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d findings, want 1: %+v", len(got), got)
	}
	f := got[0]
	want := policy.Finding{Rule: "spof/single-instance", Severity: "error", Subject: "db", File: "shop.nines.hcl", Line: 12, Column: 1}
	f.Message = ""
	if f != want {
		t.Errorf("got %+v, want %+v", f, want)
	}
}

func TestUserPolicy(t *testing.T) {
	dir := fstest.MapFS{
		"owners.rego": {Data: []byte(`# METADATA
# title: every database names its engine
# custom:
#   severity: warning
package nines.custom.engine_named

import data.nines.lib

report contains violation if {
	some name, c in input.components
	c.kind == "database"
	not c.engine
	violation := lib.finding(rego.metadata.chain(), name, sprintf("database %q does not name its engine", [name]), c)
}
`)},
		"owners_test.rego": {Data: []byte("this is not rego and is skipped")},
		"team/plain.rego": {Data: []byte(`package nines.custom.plain_rule

import data.nines.lib

report contains lib.finding(rego.metadata.chain(), "db", "db is plain", input.components.db)
`)},
	}
	got, err := policy.Evaluate(context.Background(), facts(), policy.Options{Policies: []fs.FS{policy.Dir("policies", dir)}})
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, f := range got {
		rules = append(rules, f.Rule+" "+f.Severity+" "+f.Message)
	}
	want := []string{
		`custom/engine-named warning database "db" does not name its engine`,
		`custom/plain-rule error db is plain`,
		`spof/single-instance error ` + got[2].Message,
	}
	if strings.Join(rules, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", rules, want)
	}
}

func TestUserPolicyErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{
			"parse error",
			"package nines.custom.x\n\nreport contains x if {\n",
			"policies/p.rego:4:1: unexpected eof token",
		},
		{
			"http.send",
			"package nines.custom.x\n\nreport contains x if {\n\tx := http.send({\"method\": \"get\", \"url\": \"https://example.com\"})\n}\n",
			"policies/p.rego:4:7: http.send is not allowed in nines policies",
		},
		{
			"opa.runtime",
			"package nines.custom.x\n\nreport contains x if {\n\tx := opa.runtime().env\n}\n",
			"policies/p.rego:4:7: opa.runtime is not allowed in nines policies",
		},
		{
			"net.lookup_ip_addr",
			"package nines.custom.x\n\nreport contains x if {\n\tx := net.lookup_ip_addr(\"example.com\")\n}\n",
			"policies/p.rego:4:7: net.lookup_ip_addr is not allowed in nines policies",
		},
		{
			"outside namespace",
			"package nines.rules.spof.single_instance\n\nreport contains 1\n",
			"policies/p.rego:1:1: package nines.rules.spof.single_instance is outside nines.custom",
		},
		{
			"report too deep",
			"package nines.custom.team.x\n\nreport contains 1\n",
			"policies/p.rego:1:1: package nines.custom.team.x defines report but only packages nines.custom.<name> are evaluated",
		},
		{
			"bad severity",
			"# METADATA\n# custom:\n#   severity: fatal\npackage nines.custom.x\n",
			"policies/p.rego:1:1: custom.severity is fatal: use error, warning or note",
		},
		{
			"undefined ref",
			"package nines.custom.x\n\nreport contains x if {\n\tx := nope(1)\n}\n",
			"policies/p.rego:4:7: undefined function nope",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := policy.Dir("policies", fstest.MapFS{"p.rego": {Data: []byte(tt.src)}})
			_, err := policy.Evaluate(context.Background(), facts(), policy.Options{Policies: []fs.FS{dir}})
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestTimeLimit(t *testing.T) {
	dir := policy.Dir("policies", fstest.MapFS{"slow.rego": {Data: []byte(`package nines.custom.slow

report contains x if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i * j == -1
	x := i
}
`)}})
	start := time.Now()
	_, err := policy.Evaluate(context.Background(), facts(), policy.Options{Policies: []fs.FS{dir}, Timeout: 200 * time.Millisecond})
	elapsed := time.Since(start)
	if err == nil {
		t.Fatal("a policy looping over 10^10 pairs finished without error")
	}
	if !strings.Contains(err.Error(), "time limit of 200ms") {
		t.Errorf("error %q does not name the time limit", err)
	}
	if elapsed > 3*time.Second {
		t.Errorf("evaluation stopped after %s, want about 200ms", elapsed)
	}
}

func TestConfigOverride(t *testing.T) {
	if _, err := policy.Evaluate(context.Background(), facts(), policy.Options{Config: map[string]any{"max_retries": "many"}}); err == nil ||
		!strings.Contains(err.Error(), "max_retries is many: want a number") {
		t.Errorf("got error %v, want one about max_retries", err)
	}
}

// TestDefaultConfigMatchesTheRules keeps DefaultConfig and default_config in
// rules/lib in step: a user policy reading lib.config sees the defaults.
func TestDefaultConfigMatchesTheRules(t *testing.T) {
	dir := policy.Dir("policies", fstest.MapFS{"cfg.rego": {Data: []byte(`package nines.custom.cfg

import data.nines.lib

report contains lib.finding(rego.metadata.chain(), "cfg", json.marshal(lib.config), input.components.db)
`)}})
	got, err := policy.Evaluate(context.Background(), facts(), policy.Options{Policies: []fs.FS{dir}})
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(policy.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got {
		if f.Rule == "custom/cfg" {
			if f.Message != string(want) {
				t.Errorf("lib.config is %s, DefaultConfig is %s", f.Message, want)
			}
			return
		}
	}
	t.Errorf("the policy reading lib.config reported nothing: %+v", got)
}

func TestConfigOverridesReachTheRules(t *testing.T) {
	in := facts()
	in["calls"] = []any{map[string]any{
		"id": "api->db", "from": "api", "to": "db", "file": "shop.nines.hcl", "line": 5, "column": 3,
		"timeout_seconds": 0.5, "retries": 3, "unlimited_retries": false, "attempts": 4,
		"backoff": "exponential", "jitter": true, "idempotent": true, "idempotency_key": false,
		"circuit_breaker": false, "fallback": "", "required": true, "consistency": "",
		"target_kind": "database", "target_latency_p99_seconds": nil, "target_consistency": "strong",
		"caller_inbound_timeout_seconds": nil, "caller_inbound_source": "",
	}}
	count := func(opts policy.Options) int {
		got, err := policy.Evaluate(context.Background(), in, opts)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range got {
			if f.Rule == "retry/excessive" {
				n++
			}
		}
		return n
	}
	if n := count(policy.Options{}); n != 0 {
		t.Errorf("3 retries reported %d times under the default limit of 5", n)
	}
	if n := count(policy.Options{Config: map[string]any{"max_retries": 2}}); n != 1 {
		t.Errorf("3 retries reported %d times with max_retries = 2, want 1", n)
	}
}

// TestRuntimeErrorInAUserPolicy reports the policy's error (with its
// position), not a cancellation of the other query.
func TestRuntimeErrorInAUserPolicy(t *testing.T) {
	dir := policy.Dir("policies", fstest.MapFS{"bad.rego": {Data: []byte(`package nines.custom.bad

report contains x if {
	x := to_number(input.components.db.kind)
}
`)}})
	_, err := policy.Evaluate(context.Background(), facts(), policy.Options{Policies: []fs.FS{dir}})
	if err == nil || !strings.Contains(err.Error(), "policies/bad.rego:4:7") {
		t.Errorf("got error %v, want one at policies/bad.rego:4:7", err)
	}
}
