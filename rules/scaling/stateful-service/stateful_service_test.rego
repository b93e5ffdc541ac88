package nines.rules.scaling.stateful_service_test

import data.nines.lib.fixtures
import data.nines.rules.scaling.stateful_service

test_stateful_service_scaled_out_without_store if {
	web := fixtures.component("web", "service", {"instances": 3, "stateless": false, "required": false, "line": 3})
	report := stateful_service.report with input as fixtures.doc([web], [], [])
	fixtures.same(report, {{
		"rule": "scaling/stateful-service", "severity": "warning", "subject": "web",
		"message": `service "web" keeps session state in memory but runs 3 instances without a session_store, so a user moved to another instance loses the session: keep sessions in a shared store named by session_store, or make the service stateless`,
		"file": "t.nines.hcl", "line": 3, "column": 1,
	}})
}

test_store_single_instance_stateless_or_not_a_service_is_silent if {
	components := [
		fixtures.component("web", "service", {"instances": 3, "stateless": false, "session_store": "sessions"}),
		fixtures.component("admin", "service", {"instances": 1, "stateless": false}),
		fixtures.component("api", "service", {"instances": 3}),
		fixtures.component("db", "database", {"instances": 3, "stateless": false}),
	]
	report := stateful_service.report with input as fixtures.doc(components, [], [])
	count(report) == 0
}
