package nines.rules.timeout.attempts_exceed_total_test

import data.nines.lib.fixtures
import data.nines.rules.timeout.attempts_exceed_total

vs := {"file": "manifests/shop.yaml", "line": 212, "column": 7}

test_attempts_past_the_route_timeout if {
	call := fixtures.call("frontend", "cart", {
		"timeout_seconds": 0.8, "total_timeout_seconds": 1, "total_timeout_at": vs,
		"retries": 2, "attempts": 3, "line": 9,
	})
	report := attempts_exceed_total.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "timeout/attempts-exceed-total", "severity": "warning", "subject": "frontend->cart",
		"message": "call frontend->cart makes up to 3 attempts of 800ms (2.4s in all) but gives up after its total timeout of 1s: one attempt fits, so a timed-out attempt is never retried; set the timeout per attempt to at most 333.333ms (total ÷ attempts), or the retries to 0, or raise the total timeout to 2.4s",
		"file": "manifests/shop.yaml", "line": 212, "column": 7,
	}})
}

test_some_retries_fit if {
	call := fixtures.call("api", "db", {
		"timeout_seconds": 0.25, "total_timeout_seconds": 0.6, "total_timeout_at": vs,
		"retries": 4, "attempts": 5,
	})
	report := attempts_exceed_total.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "timeout/attempts-exceed-total", "severity": "warning", "subject": "api->db",
		"message": "call api->db makes up to 5 attempts of 250ms (1.25s in all) but gives up after its total timeout of 600ms: 2 attempts fit, so a timed-out attempt is retried at most 1 of the 4 times stated; set the timeout per attempt to at most 120ms (total ÷ attempts), or the retries to 1, or raise the total timeout to 1.25s",
		"file": "manifests/shop.yaml", "line": 212, "column": 7,
	}})
}

# Istio's perTryTimeout defaults to the route's timeout: nothing is left
# for a retry after a timed-out first attempt.
test_no_per_try_timeout if {
	call := fixtures.call("api", "db", {
		"timeout_seconds": 2, "total_timeout_seconds": 2, "total_timeout_at": vs,
		"retries": 2, "attempts": 3,
	})
	report := attempts_exceed_total.report with input as fixtures.doc([], [call], [])
	[f] := [f | some f in report]
	f.message == "call api->db makes up to 3 attempts of 2s (6s in all) but gives up after its total timeout of 2s: one attempt fits, so a timed-out attempt is never retried; set the timeout per attempt to at most 666.667ms (total ÷ attempts), or the retries to 0, or raise the total timeout to 6s"
}

test_per_attempt_below_p99_suggests_fewer_retries if {
	call := fixtures.call("api", "db", {
		"timeout_seconds": 0.5, "total_timeout_seconds": 1, "total_timeout_at": vs,
		"retries": 3, "attempts": 4, "target_latency_p99_seconds": 0.4,
	})
	report := attempts_exceed_total.report with input as fixtures.doc([], [call], [])
	[f] := [f | some f in report]
	f.message == `call api->db makes up to 4 attempts of 500ms (2s in all) but gives up after its total timeout of 1s: 2 attempts fit, so a timed-out attempt is retried at most 1 of the 3 times stated; 250ms per attempt would be below the latency_p99 of "db" (400ms) × 1.2 = 480ms, so lower the retries to 1 or raise the total timeout to 2s`
}

test_a_single_attempt_longer_than_the_total if {
	call := fixtures.call("api", "db", {
		"timeout_seconds": 3, "total_timeout_seconds": 2, "total_timeout_at": vs,
		"retries": 1, "attempts": 2,
	})
	report := attempts_exceed_total.report with input as fixtures.doc([], [call], [])
	[f] := [f | some f in report]
	contains(f.message, "not even one attempt fits, so a timed-out attempt is never retried")
}

test_unlimited_retries if {
	call := fixtures.call("api", "db", {
		"timeout_seconds": 0.2, "total_timeout_seconds": 1, "total_timeout_at": vs,
		"retries": -1, "unlimited_retries": true, "attempts": null,
	})
	report := attempts_exceed_total.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "timeout/attempts-exceed-total", "severity": "warning", "subject": "api->db",
		"message": "call api->db retries without limit at 200ms per attempt but gives up after its total timeout of 1s: 5 attempts fit, so the limit is the total, not the retries; bound the retries to 4",
		"file": "manifests/shop.yaml", "line": 212, "column": 7,
	}})
}

test_fitting_or_unbounded_calls_are_silent if {
	calls := [
		# exactly the total, despite the rounding of 0.1 × 3
		fixtures.call("a", "b", {"timeout_seconds": 0.1, "total_timeout_seconds": 0.3, "total_timeout_at": vs, "retries": 2, "attempts": 3}),
		# over by a microsecond: rounding
		fixtures.call("a", "c", {"timeout_seconds": 0.333334, "total_timeout_seconds": 1, "total_timeout_at": vs, "retries": 2, "attempts": 3}),
		# no retries: the total only cuts one attempt short
		fixtures.call("a", "d", {"timeout_seconds": 2, "total_timeout_seconds": 1, "total_timeout_at": vs}),
		# no total timeout, or none per attempt
		fixtures.call("a", "e", {"timeout_seconds": 2, "retries": 2, "attempts": 3}),
		fixtures.call("a", "f", {"timeout_seconds": null, "total_timeout_seconds": 1, "total_timeout_at": vs, "retries": 2, "attempts": 3}),
	]
	report := attempts_exceed_total.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}
