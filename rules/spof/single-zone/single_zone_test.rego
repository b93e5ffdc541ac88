package nines.rules.spof.single_zone_test

import data.nines.lib.fixtures
import data.nines.rules.spof.single_zone

test_instances_in_one_zone_are_reported if {
	db := fixtures.component("db", "database", {"instances": 2, "zones": ["eu-1a"], "distinct_zones": 1, "line": 7})
	report := single_zone.report with input as fixtures.doc([db], [], [])
	fixtures.same(report, {{
		"rule": "spof/single-zone", "severity": "warning", "subject": "db",
		"message": `database "db" runs 2 instances all in zone "eu-1a", so one zone outage takes it down: list 2 or more zones to spread them`,
		"file": "t.nines.hcl", "line": 7, "column": 1,
	}})
}

test_unplaced_component_in_a_zoned_topology_is_reported if {
	api := fixtures.component("api", "service", {"instances": 3, "zones": [], "distinct_zones": 0, "line": 3, "journeys": ["checkout"]})
	db := fixtures.component("db", "database", {"line": 9})
	report := single_zone.report with input as fixtures.doc(
		[api, db], [],
		[fixtures.journey("checkout", "api", {"serial_components": ["api", "db"]})],
	)
	fixtures.same(report, {{
		"rule": "spof/single-zone", "severity": "warning", "subject": "api",
		"message": `service "api" (needed by journey checkout) runs 3 instances but lists no zones while the topology models zones, so nothing shows it survives a zone outage: list 2 or more zones`,
		"file": "t.nines.hcl", "line": 3, "column": 1,
	}})
}

test_declared_zone_blocks_count_as_modelled if {
	api := fixtures.component("api", "service", {"instances": 2, "zones": [], "distinct_zones": 0, "journeys": ["a", "b"]})
	report := single_zone.report with input as object.union(
		fixtures.doc([api], [], [
			fixtures.journey("a", "api", {"serial_components": ["api"]}),
			fixtures.journey("b", "api", {"serial_components": ["api"]}),
		]),
		{"zones": {"eu-1a": {"name": "eu-1a", "availability": null}}},
	)
	fixtures.same(report, {{
		"rule": "spof/single-zone", "severity": "warning", "subject": "api",
		"message": `service "api" (needed by journeys a, b) runs 2 instances but lists no zones while the topology models zones, so nothing shows it survives a zone outage: list 2 or more zones`,
		"file": "t.nines.hcl", "line": 1, "column": 1,
	}})
}

test_topology_without_zones_is_silent if {
	api := fixtures.component("api", "service", {"instances": 3, "zones": [], "distinct_zones": 0})
	db := fixtures.component("db", "database", {"zones": [], "distinct_zones": 0})
	report := single_zone.report with input as fixtures.doc([api, db], [], [])
	count(report) == 0
}

test_spread_component_is_silent if {
	report := single_zone.report with input as fixtures.doc([fixtures.component("db", "database", {})], [], [])
	count(report) == 0
}

test_single_instance_is_left_to_single_instance if {
	db := fixtures.component("db", "database", {"instances": 1, "zones": ["a"], "distinct_zones": 1})
	report := single_zone.report with input as fixtures.doc([db], [], [])
	count(report) == 0
}

test_optional_component_is_silent if {
	db := fixtures.component("db", "database", {"zones": ["a"], "distinct_zones": 1, "required": false})
	report := single_zone.report with input as fixtures.doc([db], [], [])
	count(report) == 0
}
