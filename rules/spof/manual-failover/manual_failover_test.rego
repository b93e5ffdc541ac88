package nines.rules.spof.manual_failover_test

import data.nines.lib.fixtures
import data.nines.rules.spof.manual_failover

test_manual_failover_is_reported if {
	db := fixtures.component("db", "database", {"mode": "active-passive", "failover": "manual", "line": 5, "journeys": ["checkout"]})
	report := manual_failover.report with input as fixtures.doc(
		[db], [],
		[fixtures.journey("checkout", "db", {"serial_components": ["db"]})],
	)
	fixtures.same(report, {{
		"rule": "spof/manual-failover", "severity": "error", "subject": "db",
		"message": `database "db" is active-passive with manual failover, so a failure of the active instance is an outage of journey checkout until someone promotes the passive one: set failover = "automatic" or run it active-active`,
		"file": "t.nines.hcl", "line": 5, "column": 1,
	}})
}

test_automatic_failover_is_silent if {
	db := fixtures.component("db", "database", {"mode": "active-passive", "failover": "automatic"})
	report := manual_failover.report with input as fixtures.doc([db], [], [])
	count(report) == 0
}

test_active_active_is_silent if {
	db := fixtures.component("db", "database", {"failover": "manual"})
	report := manual_failover.report with input as fixtures.doc([db], [], [])
	count(report) == 0
}

test_optional_component_is_silent if {
	db := fixtures.component("db", "database", {"mode": "active-passive", "failover": "manual", "required": false})
	report := manual_failover.report with input as fixtures.doc([db], [], [])
	count(report) == 0
}
