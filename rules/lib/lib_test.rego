package nines.lib_test

import data.nines.lib

test_rule_id_of_a_built_in_rule if {
	lib.rule_id([
		{"path": ["nines", "rules", "spof", "single_instance", "report"]},
		{"path": ["nines", "rules", "spof", "single_instance"], "annotations": {"scope": "package"}},
	]) == "spof/single-instance"
}

test_rule_id_of_an_unannotated_user_policy if {
	lib.rule_id([{"path": ["nines", "custom", "owner_named", "report"]}]) == "custom/owner-named"
}

test_rule_id_from_custom_id if {
	lib.rule_id([
		{"path": ["nines", "custom", "x", "report"]},
		{"path": ["nines", "custom", "x"], "annotations": {"scope": "package", "custom": {"id": "team/owners"}}},
	]) == "team/owners"
}

test_severity_defaults_to_error if {
	lib.severity([{"path": ["nines", "custom", "x", "report"]}]) == "error"
	lib.severity([
		{"path": ["nines", "custom", "x", "report"]},
		{"path": ["nines", "custom", "x"], "annotations": {"scope": "package", "custom": {"severity": "warning"}}},
	]) == "warning"
}

test_durations_read_like_go if {
	nines.duration(0.0125) == "12.5ms"
	nines.duration(0.5) == "500ms"
	nines.duration(1.5) == "1.5s"
	nines.duration(90) == "90s"
	nines.duration(300) == "5m"
	nines.duration(7200) == "2h"
}

test_percentages_keep_four_decimals if {
	nines.percent(0.99797) == "99.797%"
	nines.percent(0.999) == "99.9%"
	nines.percent(0.99999) == "99.999%"
	nines.percent(1) == "100%"
}

test_minutes_keep_one_decimal if {
	nines.minutes(43.2) == "43.2 min"
	nines.minutes(87.6961) == "87.7 min"
	nines.minutes(0) == "0 min"
}

test_config_overrides_single_keys if {
	lib.config == {"max_retries": 5, "amplification_limit": 10, "timeout_margin": 1.2}
	lib.config == {"max_retries": 2, "amplification_limit": 10, "timeout_margin": 1.2} with data.nines.config as {"max_retries": 2}
}

test_finding_without_a_position_is_kept if {
	lib.finding([{"path": ["nines", "custom", "x", "report"]}], "s", "m", {}) == {
		"rule": "custom/x", "severity": "error", "message": "m", "subject": "s",
		"file": "", "line": 0, "column": 0,
	}
}

test_product_of_decimal_durations_is_exact if {
	nines.product(0.1, 3) == 0.3
	nines.product(0.05, 1.2) == 0.06
	nines.product(0.25, 4) == 1
}
