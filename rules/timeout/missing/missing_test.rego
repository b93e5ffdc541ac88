package nines.rules.timeout.missing_test

import data.nines.lib.fixtures
import data.nines.rules.timeout.missing

test_missing_timeout_with_a_known_p99_suggests_one if {
	call := fixtures.call("api", "search", {"timeout_seconds": null, "target_latency_p99_seconds": 0.25, "line": 8})
	report := missing.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "timeout/missing", "severity": "error", "subject": "api->search",
		"message": `call api->search has no timeout, so "api" waits as long as "search" takes and hangs with it: set timeout = "300ms" (latency_p99 of "search" 250ms × 1.2)`,
		"file": "t.nines.hcl", "line": 8, "column": 3,
	}})
}

test_missing_timeout_without_p99 if {
	call := fixtures.call("api", "db", {"timeout_seconds": null, "required": false})
	report := missing.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "timeout/missing", "severity": "error", "subject": "api->db",
		"message": `call api->db has no timeout, so "api" waits as long as "db" takes and hangs with it: set timeout (about the latency_p99 of the target + 20%)`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_margin_is_configurable if {
	call := fixtures.call("api", "search", {"timeout_seconds": null, "target_latency_p99_seconds": 2})
	report := missing.report with input as fixtures.doc([], [call], [])
		with data.nines.config as {"timeout_margin": 1.5}
	fixtures.same(report, {{
		"rule": "timeout/missing", "severity": "error", "subject": "api->search",
		"message": `call api->search has no timeout, so "api" waits as long as "search" takes and hangs with it: set timeout = "3s" (latency_p99 of "search" 2s × 1.5)`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_call_with_a_timeout_is_silent if {
	report := missing.report with input as fixtures.doc([], [fixtures.call("api", "db", {"timeout_seconds": 0.3})], [])
	count(report) == 0
}

test_a_total_timeout_bounds_the_call if {
	call := fixtures.call("api", "db", {"timeout_seconds": null, "total_timeout_seconds": 2})
	report := missing.report with input as fixtures.doc([], [call], [])
	count(report) == 0
}
