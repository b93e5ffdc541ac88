package nines.rules.data.rto_violated_test

import data.nines.lib.fixtures
import data.nines.rules.data.rto_violated

test_failover_slower_than_rto if {
	orders := fixtures.component("orders", "database", {
		"mode": "active-passive", "failover_time_seconds": 300, "rto_seconds": 60, "line": 2,
	})
	report := rto_violated.report with input as fixtures.doc([orders], [], [])
	fixtures.same(report, {{
		"rule": "data/rto-violated", "severity": "error", "subject": "orders",
		"message": `database "orders" takes 5m to fail over, more than its rto of 1m: make failover automatic and faster than 1m, or agree on a longer rto`,
		"file": "t.nines.hcl", "line": 2, "column": 1,
	}})
}

test_single_instance_is_repaired_in_mttr if {
	orders := fixtures.component("orders", "database", {"instances": 1, "mttr_seconds": 3600, "rto_seconds": 300})
	report := rto_violated.report with input as fixtures.doc([orders], [], [])
	fixtures.same(report, {{
		"rule": "data/rto-violated", "severity": "error", "subject": "orders",
		"message": `database "orders" has a single instance, so recovering it takes its mttr of 1h, more than its rto of 5m: add a replica with a failover_time below 5m`,
		"file": "t.nines.hcl", "line": 1, "column": 1,
	}})
}

test_recovery_within_rto_or_no_rto_is_silent if {
	components := [
		fixtures.component("a", "database", {"failover_time_seconds": 30, "rto_seconds": 60}),
		fixtures.component("b", "database", {"instances": 1, "mttr_seconds": 600, "rto_seconds": 900}),
		fixtures.component("c", "database", {"failover_time_seconds": 300}),
		fixtures.component("d", "external", {"instances": 1, "rto_seconds": 1}),
	]
	report := rto_violated.report with input as fixtures.doc(components, [], [])
	count(report) == 0
}
