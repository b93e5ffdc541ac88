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

test_k_of_n_that_one_zone_outage_takes_below_min_healthy_is_reported if {
	api := fixtures.component("api", "service", {
		"instances": 4, "min_healthy": 3, "zones": ["a", "b"], "distinct_zones": 2,
		"instances_after_zone_outage": 2, "worst_zone": "a", "line": 4, "journeys": ["checkout"],
	})
	report := single_zone.report with input as fixtures.doc(
		[api], [], [fixtures.journey("checkout", "api", {"serial_components": ["api"]})],
	)
	fixtures.same(report, {{
		"rule": "spof/single-zone", "severity": "warning", "subject": "api",
		"message": `service "api" (needed by journey checkout) needs 3 of its 4 instances, but an outage of zone "a" leaves 2, so one zone outage takes it down: spread its instances over more zones or add instances so that one zone holds at most 1`,
		"file": "t.nines.hcl", "line": 4, "column": 1,
	}})
}

test_k_of_n_that_survives_a_zone_outage_is_silent if {
	api := fixtures.component("api", "service", {
		"instances": 6, "min_healthy": 4, "zones": ["a", "b", "c"], "distinct_zones": 3,
		"instances_after_zone_outage": 4, "worst_zone": "a",
	})
	count(single_zone.report) == 0 with input as fixtures.doc([api], [], [])
}

test_active_passive_over_zones_is_not_a_k_of_n_zone_spof if {
	db := fixtures.component("db", "database", {
		"instances": 2, "min_healthy": 2, "mode": "active-passive",
		"instances_after_zone_outage": 1, "worst_zone": "a",
	})
	count(single_zone.report) == 0 with input as fixtures.doc([db], [], [])
}
