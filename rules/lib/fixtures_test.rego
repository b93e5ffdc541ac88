# Fixtures shared by the rule tests: a component, a call and a journey with
# the defaults of the topology language, overridden per test.
package nines.lib.fixtures

component(name, kind, overrides) := object.union(
	{
		"name": name, "kind": kind, "file": "t.nines.hcl", "line": 1, "column": 1,
		"instances": 2, "zones": ["a", "b"], "distinct_zones": 2,
		"instance_availability": 0.999, "availability": 0.999999,
		"min_healthy": 1, "mode": "active-active", "failover": "automatic",
		"instances_after_zone_outage": 1, "worst_zone": "a", "failover_loss": 0,
		"failover_time_seconds": 60, "mttr_seconds": 3600,
		"stateless": true, "session_store": "",
		"engine": "", "consistency": "strong", "replication": "none",
		"replication_lag_seconds": null, "rpo_seconds": null, "rto_seconds": null,
		"latency_p99_seconds": null,
		"required": true, "journeys": [],
	},
	overrides,
)

call(from, to, overrides) := object.union(
	{
		"id": sprintf("%s->%s", [from, to]), "from": from, "to": to,
		"file": "t.nines.hcl", "line": 1, "column": 3,
		"timeout_seconds": 1, "retries": 0, "unlimited_retries": false, "attempts": 1,
		"backoff": "none", "jitter": false,
		"idempotent": false, "idempotency_key": false,
		"circuit_breaker": false, "fallback": "", "required": true, "consistency": "",
		"target_kind": "service", "target_latency_p99_seconds": null, "target_consistency": "strong",
		"caller_inbound_timeout_seconds": null, "caller_inbound_source": "",
	},
	overrides,
)

journey(name, entry, overrides) := object.union(
	{
		"name": name, "entry": entry, "file": "t.nines.hcl", "line": 1, "column": 1,
		"slo": 0.999, "window": "30d", "window_minutes": 43200, "timeout_seconds": null,
		"availability": 0.9999, "meets_slo": true,
		"downtime_minutes": 4.32, "error_budget_minutes": 43.2,
		"components": [entry], "serial_components": [entry],
		"contributors": [],
		"amplification": {"product": 1, "unlimited": false, "path": [entry]},
	},
	overrides,
)

# at is the position part of a finding at the given block.
at(block) := {"file": block.file, "line": block.line, "column": block.column}

# doc builds an input document from lists of components, calls and
# journeys.
doc(components, calls, journeys) := {
	"components": {c.name: c | some c in components},
	"calls": calls,
	"journeys": journeys,
}

# same is got == want, printing both when they differ so that a failing
# test shows the findings it got.
same(got, want) if got == want

same(got, want) if {
	got != want
	print("got: ", got)
	print("want:", want)
	false
}
