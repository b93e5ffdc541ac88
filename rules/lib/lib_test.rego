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
	lib.duration(0.0125) == "12.5ms"
	lib.duration(0.5) == "500ms"
	lib.duration(1.5) == "1.5s"
	lib.duration(90) == "90s"
	lib.duration(300) == "5m"
	lib.duration(7200) == "2h"
}

test_percentages_keep_four_decimals if {
	lib.percent(0.99797) == "99.797%"
	lib.percent(0.999) == "99.9%"
	lib.percent(0.99999) == "99.999%"
	lib.percent(1) == "100%"
}

test_minutes_keep_one_decimal if {
	lib.minutes(43.2) == "43.2 min"
	lib.minutes(87.6961) == "87.7 min"
	lib.minutes(0) == "0 min"
}

test_config_overrides_single_keys if {
	lib.config == {"max_retries": 5, "amplification_limit": 10, "timeout_margin": 1.2}
	lib.config == {"max_retries": 2, "amplification_limit": 10, "timeout_margin": 1.2} with data.nines.config as {"max_retries": 2}
}
