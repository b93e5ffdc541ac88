package nines.rules.data.consistency_mismatch_test

import data.nines.lib.fixtures
import data.nines.rules.data.consistency_mismatch

test_strong_read_from_eventual_store if {
	call := fixtures.call("cart", "carts", {
		"consistency": "strong", "target_kind": "database", "target_consistency": "eventual", "line": 5,
	})
	report := consistency_mismatch.report with input as fixtures.doc([], [call], [])
	fixtures.same(report, {{
		"rule": "data/consistency-mismatch", "severity": "error", "subject": "cart->carts",
		"message": `call cart->carts needs strong consistency but database "carts" is eventually consistent, so reads can return stale data: read from a strongly consistent store or relax the call's consistency`,
		"file": "t.nines.hcl", "line": 5, "column": 3,
	}})
}

test_matching_or_undeclared_consistency_is_silent if {
	calls := [
		fixtures.call("cart", "carts", {"consistency": "strong", "target_consistency": "strong"}),
		fixtures.call("feed", "posts", {"consistency": "eventual", "target_consistency": "eventual"}),
		fixtures.call("feed", "likes", {"target_consistency": "eventual"}),
	]
	report := consistency_mismatch.report with input as fixtures.doc([], calls, [])
	count(report) == 0
}
