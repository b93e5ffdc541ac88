package nines.rules.spof.single_instance_test

import data.nines.lib.fixtures
import data.nines.rules.spof.single_instance

test_single_instance_on_a_journey_is_reported if {
	db := fixtures.component("db", "database", {"instances": 1, "line": 12, "journeys": ["checkout"]})
	report := single_instance.report with input as fixtures.doc(
		[db], [],
		[fixtures.journey("checkout", "db", {"serial_components": ["db"]})],
	)
	fixtures.same(report, {{
		"rule": "spof/single-instance", "severity": "error", "subject": "db",
		"message": `database "db" runs a single instance, so any failure of it is an outage of journey checkout: run 2 or more instances, spread over zones`,
		"file": "t.nines.hcl", "line": 12, "column": 1,
	}})
}

test_no_spare_instance_is_reported if {
	api := fixtures.component("api", "service", {"instances": 3, "min_healthy": 3, "journeys": ["a", "b"]})
	report := single_instance.report with input as fixtures.doc(
		[api], [],
		[
			fixtures.journey("a", "api", {"serial_components": ["api"]}),
			fixtures.journey("b", "api", {"serial_components": ["api"]}),
		],
	)
	fixtures.same(report, {{
		"rule": "spof/single-instance", "severity": "error", "subject": "api",
		"message": `service "api" runs 3 instances and needs 3 healthy, so one failed instance is an outage of journeys a, b: run at least 4 instances`,
		"file": "t.nines.hcl", "line": 1, "column": 1,
	}})
}

test_without_journeys_every_component_counts if {
	report := single_instance.report with input as fixtures.doc(
		[fixtures.component("cache", "cache", {"instances": 1, "line": 4, "column": 2})], [], [],
	)
	fixtures.same(report, {{
		"rule": "spof/single-instance", "severity": "error", "subject": "cache",
		"message": `cache "cache" runs a single instance, so any failure of it is an outage: run 2 or more instances, spread over zones`,
		"file": "t.nines.hcl", "line": 4, "column": 2,
	}})
}

test_redundant_component_is_silent if {
	report := single_instance.report with input as fixtures.doc(
		[fixtures.component("db", "database", {"instances": 2})], [], [],
	)
	count(report) == 0
}

test_external_is_silent if {
	report := single_instance.report with input as fixtures.doc(
		[fixtures.component("psp", "external", {"instances": 1})], [], [],
	)
	count(report) == 0
}

test_component_outside_the_required_closure_is_silent if {
	report := single_instance.report with input as fixtures.doc(
		[fixtures.component("reports", "service", {"instances": 1, "required": false})], [], [],
	)
	count(report) == 0
}

test_component_behind_a_fallback_is_silent if {
	spare := fixtures.component("spare", "service", {"instances": 1, "journeys": ["checkout"]})
	report := single_instance.report with input as fixtures.doc(
		[spare], [],
		[fixtures.journey("checkout", "web", {"serial_components": ["web"]})],
	)
	count(report) == 0
}
