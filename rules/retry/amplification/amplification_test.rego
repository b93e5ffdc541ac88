package nines.rules.retry.amplification_test

import data.nines.lib.fixtures
import data.nines.rules.retry.amplification

test_retry_storm_names_the_path if {
	journey := fixtures.journey("checkout", "web", {
		"line": 40,
		"amplification": {"product": 64, "unlimited": false, "path": ["web", "api", "orders", "db"]},
	})
	report := amplification.report with input as fixtures.doc([], [], [journey])
	fixtures.same(report, {{
		"rule": "retry/amplification", "severity": "warning", "subject": "checkout",
		"message": `journey "checkout": one request can become 64 attempts at "db" along web -> api -> orders -> db, above the limit of 10: retry at one layer only and set retries = 0 below it`,
		"file": "t.nines.hcl", "line": 40, "column": 1,
	}})
}

test_per_hop_attempts_are_shown_when_known if {
	journey := fixtures.journey("checkout", "web", {
		"amplification": {"product": 12, "unlimited": false, "path": ["web", "api", "db"], "attempts": [3, 4]},
	})
	report := amplification.report with input as fixtures.doc([], [], [journey])
	fixtures.same(report, {{
		"rule": "retry/amplification", "severity": "warning", "subject": "checkout",
		"message": `journey "checkout": one request can become 12 attempts at "db" along web -> api -> db (3 × 4 attempts), above the limit of 10: retry at one layer only and set retries = 0 below it`,
		"file": "t.nines.hcl", "line": 1, "column": 1,
	}})
}

test_unlimited_retries_on_the_path if {
	journey := fixtures.journey("checkout", "web", {
		"amplification": {"product": 4, "unlimited": true, "path": ["web", "api"]},
	})
	report := amplification.report with input as fixtures.doc([], [], [journey])
	fixtures.same(report, {{
		"rule": "retry/amplification", "severity": "warning", "subject": "checkout",
		"message": `journey "checkout": a call along web -> api retries without limit, so one request can become unbounded attempts at "api": bound the retries and retry at one layer only`,
		"file": "t.nines.hcl", "line": 1, "column": 1,
	}})
}

test_limit_is_configurable if {
	journey := fixtures.journey("checkout", "web", {
		"amplification": {"product": 16, "unlimited": false, "path": ["web", "api", "db"]},
	})
	report := amplification.report with input as fixtures.doc([], [], [journey])
		with data.nines.config as {"amplification_limit": 16}
	count(report) == 0
}

test_product_at_the_limit_is_silent if {
	journey := fixtures.journey("checkout", "web", {
		"amplification": {"product": 10, "unlimited": false, "path": ["web", "api", "db"]},
	})
	report := amplification.report with input as fixtures.doc([], [], [journey])
	count(report) == 0
}
