package nines.rules.retry.no_backoff_test

import data.nines.lib.fixtures
import data.nines.rules.retry.no_backoff

test_retries_without_backoff if {
	call := fixtures.call("api", "search", {"retries": 2, "attempts": 3, "line": 5})
	report := no_backoff.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "retry/no-backoff", "severity": "warning", "subject": "api->search",
		"message": `call api->search retries (2 retries) immediately, without backoff, so retries hit "search" in bursts while it is failing: set backoff = "exponential" and jitter = true`,
		"file": "t.nines.hcl", "line": 5, "column": 3,
	}})
}

test_retries_with_a_constant_backoff if {
	call := fixtures.call("api", "search", {"retries": 1, "attempts": 2, "backoff": "constant"})
	report := no_backoff.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "retry/no-backoff", "severity": "warning", "subject": "api->search",
		"message": `call api->search retries (1 retry) after a constant delay, so retries hit "search" in bursts while it is failing: set backoff = "exponential" and jitter = true`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_unlimited_retries_without_backoff if {
	call := fixtures.call("api", "search", {"retries": -1, "unlimited_retries": true, "attempts": null})
	report := no_backoff.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "retry/no-backoff", "severity": "warning", "subject": "api->search",
		"message": `call api->search retries (unlimited retries) immediately, without backoff, so retries hit "search" in bursts while it is failing: set backoff = "exponential" and jitter = true`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_exponential_backoff_or_no_retries_are_silent if {
	calls := [
		fixtures.call("api", "search", {"retries": 2, "attempts": 3, "backoff": "exponential", "jitter": true}),
		fixtures.call("api", "db", {"backoff": "none"}),
	]
	report := no_backoff.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}
