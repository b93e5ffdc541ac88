package nines.rules.data.rpo_violated_test

import data.nines.lib.fixtures
import data.nines.rules.data.rpo_violated

test_lag_above_rpo if {
	orders := fixtures.component("orders", "database", {
		"replication": "async", "replication_lag_seconds": 30, "rpo_seconds": 5, "line": 2,
	})
	report := rpo_violated.report with input as fixtures.doc([orders], [], [])
	fixtures.same(report, {{
		"rule": "data/rpo-violated", "severity": "error", "subject": "orders",
		"message": `database "orders" replicates asynchronously with up to 30s of lag, more than its rpo of 5s, so a failover can lose 30s of writes: use replication = "sync" or keep the lag below 5s`,
		"file": "t.nines.hcl", "line": 2, "column": 1,
	}})
}

test_lag_within_rpo_sync_or_undeclared_is_silent if {
	components := [
		fixtures.component("a", "database", {"replication": "async", "replication_lag_seconds": 1, "rpo_seconds": 5}),
		fixtures.component("b", "database", {"replication": "sync", "replication_lag_seconds": 30, "rpo_seconds": 5}),
		fixtures.component("c", "database", {"replication": "async", "rpo_seconds": 5}),
		fixtures.component("d", "database", {"replication": "async", "replication_lag_seconds": 30}),
	]
	report := rpo_violated.report with input as fixtures.doc(components, [], [])
	count(report) == 0
}
