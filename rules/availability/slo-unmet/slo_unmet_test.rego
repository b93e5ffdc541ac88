package nines.rules.availability.slo_unmet_test

import data.nines.lib.fixtures
import data.nines.rules.availability.slo_unmet

test_unmet_slo_is_reported_with_numbers_and_the_biggest_contributor if {
	journey := fixtures.journey("checkout", "web", {
		"line": 30, "slo": 0.999, "availability": 0.99797, "meets_slo": false,
		"downtime_minutes": 87.696, "error_budget_minutes": 43.2,
		"contributors": [
			{"component": "db", "unavailability": 0.001, "share": 0.49},
			{"component": "web", "unavailability": 0.00099, "share": 0.48},
		],
	})
	report := slo_unmet.report with input as fixtures.doc(
		[fixtures.component("web", "service", {}), fixtures.component("db", "database", {})],
		[], [journey],
	)
	fixtures.same(report, {{
		"rule": "availability/slo-unmet", "severity": "error", "subject": "checkout",
		"message": `journey "checkout" is 99.797% available on paper, below its slo of 99.9%: 87.7 min of downtime per 30d against an error budget of 43.2 min; the biggest contributor is database "db" (0.1% unavailable, 49% of the journey's unavailability): add instances, zones or a fallback there first`,
		"file": "t.nines.hcl", "line": 30, "column": 1,
	}})
}

test_contributor_without_share if {
	journey := fixtures.journey("browse", "web", {
		"slo": 0.9999, "availability": 0.999, "meets_slo": false, "window": "month",
		"downtime_minutes": 43.83, "error_budget_minutes": 4.383,
		"contributors": [{"component": "web", "unavailability": 0.001}],
	})
	report := slo_unmet.report with input as fixtures.doc([fixtures.component("web", "service", {})], [], [journey])
	fixtures.same(report, {{
		"rule": "availability/slo-unmet", "severity": "error", "subject": "browse",
		"message": `journey "browse" is 99.9% available on paper, below its slo of 99.99%: 43.8 min of downtime per month against an error budget of 4.4 min; the biggest contributor is service "web" (0.1% unavailable): add instances, zones or a fallback there first`,
		"file": "t.nines.hcl", "line": 1, "column": 1,
	}})
}

test_unmet_slo_without_contributors if {
	journey := fixtures.journey("browse", "web", {
		"slo": 0.9999, "availability": 0.999, "meets_slo": false,
		"downtime_minutes": 43.2, "error_budget_minutes": 4.32,
	})
	report := slo_unmet.report with input as fixtures.doc([fixtures.component("web", "service", {})], [], [journey])
	fixtures.same(report, {{
		"rule": "availability/slo-unmet", "severity": "error", "subject": "browse",
		"message": `journey "browse" is 99.9% available on paper, below its slo of 99.99%: 43.2 min of downtime per 30d against an error budget of 4.3 min; add redundancy along its path`,
		"file": "t.nines.hcl", "line": 1, "column": 1,
	}})
}

test_met_slo_is_silent if {
	report := slo_unmet.report with input as fixtures.doc(
		[fixtures.component("web", "service", {})], [],
		[fixtures.journey("checkout", "web", {"slo": 0.999, "availability": 0.9995, "meets_slo": true})],
	)
	count(report) == 0
}

test_a_zone_can_be_the_biggest_contributor if {
	report := slo_unmet.report with input as fixtures.doc(
		[fixtures.component("web", "service", {})], [],
		[fixtures.journey("checkout", "web", {
			"availability": 0.998, "meets_slo": false, "slo": 0.999,
			"downtime_minutes": 86.4, "error_budget_minutes": 43.2,
			"contributors": [{"zone": "eu-1a", "unavailability": 0.0019, "share": 0.95}],
		})],
	)
	[f.message | some f in report] == [`journey "checkout" is 99.8% available on paper, below its slo of 99.9%: 86.4 min of downtime per 30d against an error budget of 43.2 min; the biggest contributor is zone "eu-1a" (0.19% unavailable, 95% of the journey's unavailability): add instances, zones or a fallback there first`]
}

test_an_availability_a_hair_below_the_slo_reads_below_it if {
	report := slo_unmet.report with input as fixtures.doc(
		[fixtures.component("web", "service", {})], [],
		[fixtures.journey("checkout", "web", {"availability": 0.99899999, "meets_slo": false, "slo": 0.999})],
	)
	[f.message | some f in report] == [`journey "checkout" is 99.899999% available on paper, below its slo of 99.9%: 4.3 min of downtime per 30d against an error budget of 43.2 min; add redundancy along its path`]
}

test_an_interval_that_straddles_the_slo_is_an_undecided_warning if {
	report := slo_unmet.report with input as fixtures.doc(
		[fixtures.component("web", "service", {})], [],
		[fixtures.journey("checkout", "web", {
			"availability": 0.9985, "availability_upper": 0.9995, "exact": false,
			"meets_slo": false, "slo_undecided": true, "slo": 0.999,
		})],
	)
	fixtures.same(report, {{
		"rule": "availability/slo-unmet", "severity": "warning", "subject": "checkout",
		"message": `journey "checkout" is between 99.85% and 99.95% available on paper, which straddles its slo of 99.9%: undecided, because the exact value needs more states of its zones and shared components than nines evaluates; run --simulate, or reduce the zones or shared components the journey spans`,
		"file": "t.nines.hcl", "line": 1, "column": 1,
	}})
}
