# METADATA
# title: call retries too often or without limit
# description: |
#   Retries help with a brief, isolated failure. During an outage they do the
#   opposite: every request turns into retries + 1 attempts, multiplying the
#   load on the failing target exactly when it tries to recover. Three to
#   five attempts are the usual maximum.
#
#   The rule reports every call with retries = -1 (unlimited) or more retries
#   than max_retries (data.nines.config.max_retries, 5 by default).
#
#   Fix it by bounding the retries (3 is a common choice) and adding a
#   circuit breaker so that retries stop while the target is down.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/retry/excessive.md
# custom:
#   severity: error
package nines.rules.retry.excessive

import data.nines.lib

report contains violation if {
	some call in lib.retrying_calls
	call.unlimited_retries == true
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s retries without limit, so during an outage of %q every request keeps retrying and the load never lets it recover: set retries to at most %v",
			[lib.call_name(call), call.to, lib.config.max_retries],
		),
		call,
	)
}

report contains violation if {
	limit := lib.config.max_retries
	some call in lib.retrying_calls
	call.retries > limit
	call.unlimited_retries == false
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s retries %d times, above the limit of %v: during an outage of %q each request becomes %d attempts; retry at most %v times",
			[lib.call_name(call), call.retries, lib.config.max_retries, call.to, call.attempts, lib.config.max_retries],
		),
		call,
	)
}
