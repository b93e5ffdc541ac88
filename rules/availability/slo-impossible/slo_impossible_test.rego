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
		"message": `database "db" is at most 99.9% available on its own (1 instance at 99.9%), below the slo of journeys "browse" (99.99%), "checkout" (99.95%), which needs it without a fallback: no other change can meet the slo; add instances or zones, or give the calls into it a fallback`,
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
