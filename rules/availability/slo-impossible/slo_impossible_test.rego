package nines.rules.availability.slo_impossible_test

import data.nines.lib.fixtures
import data.nines.rules.availability.slo_impossible

test_vendor_below_the_slo_is_reported_at_the_component if {
	psp := fixtures.component("psp", "external", {"availability": 0.999, "line": 20, "journeys": ["checkout"]})
	report := slo_impossible.report with input as fixtures.doc(
		[fixtures.component("web", "service", {"journeys": ["checkout"]}), psp], [],
		[fixtures.journey("checkout", "web", {"slo": 0.9995, "serial_components": ["psp", "web"]})],
	)
	fixtures.same(report, {{
		"rule": "availability/slo-impossible", "severity": "error", "subject": "psp",
		"message": `external "psp" is at most 99.9% available on its own (its declared availability), below the slo of journey "checkout" (99.95%), which needs it without a fallback: no other change can meet the slo; give the calls into it a fallback or choose a vendor tier that meets the slo`,
		"file": "t.nines.hcl", "line": 20, "column": 1,
	}})
}

test_component_below_several_slos_is_reported_once if {
	db := fixtures.component("db", "database", {
		"instances": 1, "instance_availability": 0.999, "availability": 0.999,
		"journeys": ["browse", "checkout", "search"],
	})
	report := slo_impossible.report with input as fixtures.doc(
		[db], [],
		[
			fixtures.journey("browse", "db", {"slo": 0.9999, "serial_components": ["db"]}),
			fixtures.journey("checkout", "db", {"slo": 0.9995, "serial_components": ["db"]}),
			fixtures.journey("search", "db", {"slo": 0.99, "serial_components": ["db"]}),
		],
	)
	fixtures.same(report, {{
		"rule": "availability/slo-impossible", "severity": "error", "subject": "db",
		"message": `database "db" is at most 99.9% available on its own (1 instance at 99.9%), below the slo of journeys "browse" (99.99%), "checkout" (99.95%), which need it without a fallback: no other change can meet the slo; add instances or zones, or give the calls into it a fallback`,
		"file": "t.nines.hcl", "line": 1, "column": 1,
	}})
}

test_k_of_n_component_is_described if {
	api := fixtures.component("api", "service", {
		"instances": 3, "min_healthy": 2, "instance_availability": 0.99, "availability": 0.9997,
		"journeys": ["checkout"],
	})
	report := slo_impossible.report with input as fixtures.doc(
		[api], [], [fixtures.journey("checkout", "api", {"slo": 0.9999, "serial_components": ["api"]})],
	)
	fixtures.same(report, {{
		"rule": "availability/slo-impossible", "severity": "error", "subject": "api",
		"message": `service "api" is at most 99.97% available on its own (3 instances at 99%, 2 needed), below the slo of journey "checkout" (99.99%), which needs it without a fallback: no other change can meet the slo; add instances or zones, or give the calls into it a fallback`,
		"file": "t.nines.hcl", "line": 1, "column": 1,
	}})
}

test_component_behind_a_fallback_is_silent if {
	psp := fixtures.component("psp", "external", {"availability": 0.999, "journeys": ["checkout"]})
	report := slo_impossible.report with input as fixtures.doc(
		[fixtures.component("web", "service", {"journeys": ["checkout"]}), psp], [],
		[fixtures.journey("checkout", "web", {"slo": 0.9995, "components": ["psp", "web"], "serial_components": ["web"]})],
	)
	count(report) == 0
}

test_component_above_the_slo_is_silent if {
	report := slo_impossible.report with input as fixtures.doc(
		[fixtures.component("web", "service", {"availability": 0.99999, "journeys": ["checkout"]})], [],
		[fixtures.journey("checkout", "web", {"slo": 0.9995})],
	)
	count(report) == 0
}

test_no_journey_no_slo if {
	report := slo_impossible.report with input as fixtures.doc(
		[fixtures.component("web", "service", {"availability": 0.9})], [], [],
	)
	count(report) == 0
}

impossible(component) := report if {
	report := slo_impossible.report with input as object.union(
		fixtures.doc([object.union(component, {"journeys": ["checkout"]})], [], [fixtures.journey("checkout", component.name, {"slo": 0.9999, "serial_components": [component.name]})]),
		{"zones": {"a": {"name": "a", "availability": 0.999}, "b": {"name": "b", "availability": 0.999}}},
	)
}

message(report) := [f.message | some f in report][0]

test_manual_failover_is_named_as_the_cause if {
	db := fixtures.component("db", "database", {
		"mode": "active-passive", "failover": "manual", "availability": 0.998001, "availability_zones_up": 0.9995,
		"instance_availability": 0.9995,
	})
	message(impossible(db)) == `database "db" is at most 99.8001% available on its own (manual failover gives the standby no credit: the primary alone, at 99.95% in zone "a" (99.9%)), below the slo of journey "checkout" (99.99%), which needs it without a fallback: no other change can meet the slo; make its failover automatic, or give the calls into it a fallback`
}

test_failover_time_not_shorter_than_mttr_is_named_as_the_cause if {
	db := fixtures.component("db", "database", {
		"mode": "active-passive", "availability": 0.999, "availability_zones_up": 0.999,
		"failover_time_seconds": 3600, "mttr_seconds": 3600, "failover_loss": 0.001,
	})
	message(impossible(db)) == `database "db" is at most 99.9% available on its own (failover_time 1h is not shorter than mttr 1h: each outage of the active instance lasts until it is repaired, so the standby adds nothing), below the slo of journey "checkout" (99.99%), which needs it without a fallback: no other change can meet the slo; make failover_time much shorter than mttr, or give the calls into it a fallback`
}

test_the_zone_is_named_as_the_cause if {
	api := fixtures.component("api", "service", {
		"instances": 3, "zones": ["a"], "distinct_zones": 1,
		"availability": 0.999, "availability_zones_up": 0.999999999,
	})
	message(impossible(api)) == `service "api" is at most 99.9% available on its own (all its instances are in zone "a" (99.9%)), below the slo of journey "checkout" (99.99%), which needs it without a fallback: no other change can meet the slo; spread its instances over more zones, or give the calls into it a fallback`
}

test_a_k_of_n_zone_outage_is_named_as_the_cause if {
	api := fixtures.component("api", "service", {
		"instances": 4, "min_healthy": 3, "instances_after_zone_outage": 2, "worst_zone": "a",
		"availability": 0.998, "availability_zones_up": 0.99999,
	})
	message(impossible(api)) == `service "api" is at most 99.8% available on its own (an outage of zone "a" leaves 2 of its 4 instances, 3 needed), below the slo of journey "checkout" (99.99%), which needs it without a fallback: no other change can meet the slo; spread its instances over more zones, or give the calls into it a fallback`
}

test_failover_windows_are_named_as_the_cause if {
	db := fixtures.component("db", "database", {
		"mode": "active-passive", "availability": 0.99983, "availability_zones_up": 0.99983,
		"failover_time_seconds": 600, "mttr_seconds": 3600, "failover_loss": 0.0001666666666666667,
	})
	message(impossible(db)) == `database "db" is at most 99.983% available on its own (failover windows of 10m per 1h repair cost 0.0167% of availability), below the slo of journey "checkout" (99.99%), which needs it without a fallback: no other change can meet the slo; shorten failover_time, or give the calls into it a fallback`
}

test_equal_availability_and_slo_are_not_below if {
	web := fixtures.component("web", "service", {"availability": 0.9999000000000001, "journeys": ["checkout"]})
	count(impossible(web)) == 0
}
