package nines.rules.timeout.below_p99_test

import data.nines.lib.fixtures
import data.nines.rules.timeout.below_p99

search := fixtures.component("search", "service", {"latency_p99_seconds": 0.25})

test_timeout_below_p99 if {
	call := fixtures.call("api", "search", {"timeout_seconds": 0.2, "target_latency_p99_seconds": 0.25, "line": 4})
	report := below_p99.report with input as fixtures.doc([search], [call], [])
	fixtures.same(report, {{
		"rule": "timeout/below-p99", "severity": "warning", "subject": "api->search",
		"message": `call api->search times out after 200ms, below the 250ms latency_p99 of "search", so more than 1% of calls time out while it is healthy: raise the timeout to at least 300ms (p99 × 1.2)`,
		"file": "t.nines.hcl", "line": 4, "column": 3,
	}})
}

test_timeout_within_the_margin if {
	call := fixtures.call("api", "search", {"timeout_seconds": 0.28, "target_latency_p99_seconds": 0.25})
	report := below_p99.report with input as fixtures.doc([search], [call], [])
	fixtures.same(report, {{
		"rule": "timeout/below-p99", "severity": "warning", "subject": "api->search",
		"message": `call api->search times out after 280ms, within 20% of the 250ms latency_p99 of "search", so any slowdown of it turns into failures: raise the timeout to at least 300ms (p99 × 1.2)`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_timeout_at_p99_plus_margin_is_silent if {
	db := fixtures.component("db", "database", {"latency_p99_seconds": 0.05})
	search := fixtures.component("search", "service", {"latency_p99_seconds": 0.123457})
	calls := [
		fixtures.call("api", "db", {"timeout_seconds": 0.06, "target_latency_p99_seconds": 0.05}),
		# 0.4µs short of 148.1484ms: rounding
		fixtures.call("api", "search", {"timeout_seconds": 0.148148, "target_latency_p99_seconds": 0.123457}),
	]
	report := below_p99.report with input as fixtures.doc([db, search], calls, [])
	count(report) == 0
}

test_margin_is_configurable if {
	call := fixtures.call("api", "search", {"timeout_seconds": 0.3, "target_latency_p99_seconds": 0.25})
	report := below_p99.report with input as fixtures.doc([search], [call], [])
		with data.nines.config as {"timeout_margin": 1.5}
	fixtures.same(report, {{
		"rule": "timeout/below-p99", "severity": "warning", "subject": "api->search",
		"message": `call api->search times out after 300ms, within 50% of the 250ms latency_p99 of "search", so any slowdown of it turns into failures: raise the timeout to at least 375ms (p99 × 1.5)`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_unknown_p99_or_timeout_is_silent if {
	report := below_p99.report with input as fixtures.doc(
		[fixtures.component("db", "database", {})],
		[
			fixtures.call("api", "db", {"timeout_seconds": 0.001}),
			fixtures.call("web", "search", {"timeout_seconds": null, "target_latency_p99_seconds": 0.25}),
		],
		[],
	)
	count(report) == 0
}
