package nines.rules.timeout.budget_exceeded_test

import data.nines.lib.fixtures
import data.nines.rules.timeout.budget_exceeded

test_retries_beyond_the_inbound_timeout if {
	call := fixtures.call("api", "db", {
		"timeout_seconds": 0.8, "retries": 3, "attempts": 4, "line": 9,
		"caller_inbound_timeout_seconds": 1, "caller_inbound_source": "call web->api",
	})
	report := budget_exceeded.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "timeout/budget-exceeded", "severity": "error", "subject": "api->db",
		"message": `call api->db can take 800ms × 4 attempts = 3.2s, longer than the 1s "api" has to answer (the timeout of call web->api): lower the timeout or the retries until timeout × attempts fits in 1s`,
		"file": "t.nines.hcl", "line": 9, "column": 3,
	}})
}

test_single_attempt_beyond_the_journey_timeout if {
	call := fixtures.call("web", "api", {
		"timeout_seconds": 5,
		"caller_inbound_timeout_seconds": 3, "caller_inbound_source": "journey checkout",
	})
	report := budget_exceeded.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "timeout/budget-exceeded", "severity": "error", "subject": "web->api",
		"message": `call web->api can take 5s × 1 attempt = 5s, longer than the 3s "web" has to answer (the timeout of journey checkout): lower the timeout or the retries until timeout × attempts fits in 3s`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_unlimited_retries_always_exceed if {
	call := fixtures.call("api", "db", {
		"timeout_seconds": 0.1, "retries": -1, "unlimited_retries": true, "attempts": null,
		"caller_inbound_timeout_seconds": 1, "caller_inbound_source": "call web->api",
	})
	report := budget_exceeded.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "timeout/budget-exceeded", "severity": "error", "subject": "api->db",
		"message": `call api->db retries without limit at 100ms per attempt, so it can outlast the 1s "api" has to answer (the timeout of call web->api): bound the retries so that timeout × attempts fits`,
		"file": "t.nines.hcl", "line": 1, "column": 3,
	}})
}

test_fitting_retries_are_silent if {
	calls := [
		# exactly the budget, despite the rounding of 0.1 × 3
		fixtures.call("api", "db", {
			"timeout_seconds": 0.1, "retries": 2, "attempts": 3,
			"caller_inbound_timeout_seconds": 0.3, "caller_inbound_source": "call web->api",
		}),
		fixtures.call("api", "cache", {
			"timeout_seconds": 0.05, "attempts": 1,
			"caller_inbound_timeout_seconds": 0.3, "caller_inbound_source": "call web->api",
		}),
		# over by a microsecond: rounding, not a budget problem
		fixtures.call("api", "search", {
			"timeout_seconds": 0.123457, "retries": 2, "attempts": 3,
			"caller_inbound_timeout_seconds": 0.37037, "caller_inbound_source": "call web->api",
		}),
		fixtures.call("web", "api", {
			"timeout_seconds": 3.0005,
			"caller_inbound_timeout_seconds": 3, "caller_inbound_source": "journey checkout",
		}),
	]
	report := budget_exceeded.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}

test_unknown_budget_or_timeout_is_silent if {
	calls := [
		fixtures.call("web", "api", {"timeout_seconds": 60, "retries": 3, "attempts": 4}),
		fixtures.call("api", "db", {"timeout_seconds": null, "caller_inbound_timeout_seconds": 1}),
	]
	report := budget_exceeded.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}

test_total_timeout_bounds_the_attempts if {
	calls := [
		# 4 × 800ms = 3.2s, but the route gives up after 900ms: within 1s
		fixtures.call("api", "db", {
			"timeout_seconds": 0.8, "retries": 3, "attempts": 4, "total_timeout_seconds": 0.9,
			"caller_inbound_timeout_seconds": 1, "caller_inbound_source": "call web->api",
		}),
		# 2 × 300ms = 600ms, within 1s whatever the total says
		fixtures.call("api", "cache", {
			"timeout_seconds": 0.3, "retries": 1, "attempts": 2, "total_timeout_seconds": 5,
			"caller_inbound_timeout_seconds": 1, "caller_inbound_source": "call web->api",
		}),
		# unlimited retries inside a total that fits
		fixtures.call("api", "queue", {
			"timeout_seconds": 0.1, "retries": -1, "unlimited_retries": true, "attempts": null,
			"total_timeout_seconds": 0.5,
			"caller_inbound_timeout_seconds": 1, "caller_inbound_source": "call web->api",
		}),
	]
	report := budget_exceeded.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}

test_total_timeout_beyond_the_budget if {
	calls := [
		fixtures.call("api", "db", {
			"timeout_seconds": null, "total_timeout_seconds": 2, "line": 7,
			"caller_inbound_timeout_seconds": 1, "caller_inbound_source": "call web->api",
		}),
		# the attempts take less than the total: they are the bound
		fixtures.call("api", "cache", {
			"timeout_seconds": 0.6, "retries": 1, "attempts": 2, "total_timeout_seconds": 5, "line": 9,
			"caller_inbound_timeout_seconds": 1, "caller_inbound_source": "call web->api",
		}),
	]
	report := budget_exceeded.report with input as fixtures.doc([], calls, [])
	fixtures.same(report, {
		{
			"rule": "timeout/budget-exceeded", "severity": "error", "subject": "api->db",
			"message": `call api->db can take up to its total timeout of 2s, longer than the 1s "api" has to answer (the timeout of call web->api): lower the total timeout to 1s at most`,
			"file": "t.nines.hcl", "line": 7, "column": 3,
		},
		{
			"rule": "timeout/budget-exceeded", "severity": "error", "subject": "api->cache",
			"message": `call api->cache can take 600ms × 2 attempts = 1.2s, longer than the 1s "api" has to answer (the timeout of call web->api): lower the timeout or the retries until timeout × attempts fits in 1s`,
			"file": "t.nines.hcl", "line": 9, "column": 3,
		},
	})
}
