package nines.rules.retry.excessive_test

import data.nines.lib.fixtures
import data.nines.rules.retry.excessive

test_unlimited_retries if {
	call := fixtures.call("api", "db", {"retries": -1, "unlimited_retries": true, "attempts": null, "line": 6})
	report := excessive.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "retry/excessive", "severity": "error", "subject": "api->db",
		"message": `call api->db retries without limit, so during an outage of "db" every request keeps retrying and the load never lets it recover: set retries to at most 5`,
		"file": "t.nines.hcl", "line": 6, "column": 3,
	}})
}

test_retries_above_the_limit if {
	call := fixtures.call("api", "db", {"retries": 8, "attempts": 9})
	report := excessive.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "retry/excessive", "severity": "error", "subject": "api->db",
		"message": `call api->db retries 8 times, above the limit of 5: during an outage of "db" each request becomes 9 attempts; retry at most 5 times`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_limit_is_configurable if {
	call := fixtures.call("api", "db", {"retries": 3, "attempts": 4})
	report := excessive.report with input as fixtures.doc([], [call], [])
		with data.nines.config as {"max_retries": 2}
	fixtures.same(report, {{
		"rule": "retry/excessive", "severity": "error", "subject": "api->db",
		"message": `call api->db retries 3 times, above the limit of 2: during an outage of "db" each request becomes 4 attempts; retry at most 2 times`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_retries_at_the_limit_are_silent if {
	calls := [
		fixtures.call("api", "db", {"retries": 5, "attempts": 6}),
		fixtures.call("api", "cache", {}),
	]
	report := excessive.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}
