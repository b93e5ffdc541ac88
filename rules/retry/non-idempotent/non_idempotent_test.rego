package nines.rules.retry.non_idempotent_test

import data.nines.lib.fixtures
import data.nines.rules.retry.non_idempotent

test_retried_payment_without_key if {
	call := fixtures.call("checkout", "payments", {"retries": 2, "attempts": 3, "target_kind": "external", "line": 11})
	report := non_idempotent.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "retry/non-idempotent", "severity": "error", "subject": "checkout->payments",
		"message": `call checkout->payments retries (2 retries) but is neither idempotent nor carries an idempotency key, so a retry after a timeout can apply the operation twice: send an idempotency key, declare idempotent = true if it is, or set retries = 0`,
		"file": "t.nines.hcl", "line": 11, "column": 3,
	}})
}

test_idempotent_keyed_or_unretried_calls_are_silent if {
	calls := [
		fixtures.call("api", "search", {"retries": 2, "attempts": 3, "idempotent": true}),
		fixtures.call("checkout", "payments", {"retries": 2, "attempts": 3, "idempotency_key": true}),
		fixtures.call("checkout", "orders", {}),
	]
	report := non_idempotent.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}
