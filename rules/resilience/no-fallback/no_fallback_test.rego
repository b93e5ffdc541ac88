package nines.rules.resilience.no_fallback_test

import data.nines.lib.fixtures
import data.nines.rules.resilience.no_fallback

test_required_call_to_a_vendor_without_fallback if {
	geocoder := fixtures.component("geocoder", "external", {"availability": 0.999})
	call := fixtures.call("api", "geocoder", {"target_kind": "external", "circuit_breaker": true, "line": 5})
	report := no_fallback.report with input as fixtures.doc([geocoder], [call], [])
	fixtures.same(report, {{
		"rule": "resilience/no-fallback", "severity": "warning", "subject": "api->geocoder",
		"message": `required call api->geocoder to external "geocoder" has no fallback, so "api" is down whenever the vendor is (99.9% available): name a component that can serve instead with fallback, or set required = false`,
		"file": "t.nines.hcl", "line": 5, "column": 3,
	}})
}

test_unknown_vendor_availability_is_left_out if {
	call := fixtures.call("api", "geocoder", {"target_kind": "external", "fallback": null})
	report := no_fallback.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "resilience/no-fallback", "severity": "warning", "subject": "api->geocoder",
		"message": `required call api->geocoder to external "geocoder" has no fallback, so "api" is down whenever the vendor is: name a component that can serve instead with fallback, or set required = false`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_fallback_optional_call_or_own_component_is_silent if {
	calls := [
		fixtures.call("api", "geocoder", {"target_kind": "external", "fallback": "geo_cache"}),
		fixtures.call("api", "analytics", {"target_kind": "external", "required": false}),
		fixtures.call("api", "db", {"target_kind": "database"}),
	]
	report := no_fallback.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}
