package nines.rules.retry.no_jitter_test

import data.nines.lib.fixtures
import data.nines.rules.retry.no_jitter

test_exponential_backoff_without_jitter if {
	call := fixtures.call("api", "search", {"retries": 2, "attempts": 3, "backoff": "exponential", "line": 5})
	report := no_jitter.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "retry/no-jitter", "severity": "warning", "subject": "api->search",
		"message": `call api->search backs off exponentially without jitter, so callers that failed together retry "search" together in waves: set jitter = true`,
		"file": "t.nines.hcl", "line": 5, "column": 3,
	}})
}

test_jitter_or_other_backoff_is_silent if {
	calls := [
		fixtures.call("api", "search", {"retries": 2, "attempts": 3, "backoff": "exponential", "jitter": true}),
		fixtures.call("api", "db", {"retries": 2, "attempts": 3, "backoff": "constant"}),
		fixtures.call("api", "cache", {"backoff": "exponential"}),
	]
	report := no_jitter.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}
