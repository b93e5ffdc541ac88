package nines.rules.resilience.no_circuit_breaker_test

import data.nines.lib.fixtures
import data.nines.rules.resilience.no_circuit_breaker

test_required_call_to_a_vendor_without_breaker if {
	call := fixtures.call("api", "geocoder", {"target_kind": "external", "fallback": "geo_cache", "line": 5})
	report := no_circuit_breaker.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "resilience/no-circuit-breaker", "severity": "warning", "subject": "api->geocoder",
		"message": `required call api->geocoder to external "geocoder" has no circuit breaker, so when the vendor is down "api" keeps waiting on it and fails too: set circuit_breaker = true to fail fast`,
		"file": "t.nines.hcl", "line": 5, "column": 3,
	}})
}

test_breaker_optional_call_or_own_component_is_silent if {
	calls := [
		fixtures.call("api", "geocoder", {"target_kind": "external", "circuit_breaker": true}),
		fixtures.call("api", "analytics", {"target_kind": "external", "required": false}),
		fixtures.call("api", "db", {"target_kind": "database"}),
	]
	report := no_circuit_breaker.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}
