# METADATA
# title: call has no timeout
# description: |
#   A call without a timeout waits as long as the target takes. When the
#   target hangs instead of failing, the caller's threads, connections and
#   memory fill up with waiting requests and the caller fails too: a slow
#   dependency cascades where a failing one would not.
#
#   Every call is checked, required or not. A total timeout (total_timeout,
#   a mesh route's timeout) bounds the call as well: a call with one is not
#   reported. When the target declares its latency_p99, the message
#   suggests a timeout of p99 plus the configured margin (timeout_margin,
#   1.2 by default: p99 + 20%).
#
#   Fix it by setting timeout on the call.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/timeout/missing.md
# custom:
#   severity: error
package nines.rules.timeout.missing

import data.nines.lib

report contains violation if {
	some call in input.calls
	call.timeout_seconds == null
	object.get(call, "total_timeout_seconds", null) == null
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s has no timeout, so %q waits as long as %q takes and hangs with it: set timeout%s",
			[lib.call_name(call), call.from, call.to, suggestion(call)],
		),
		call,
	)
}

default suggestion(_) := " (about the latency_p99 of the target + 20%)"

suggestion(call) := sprintf(
	" = %q (latency_p99 of %q %s × %v)",
	[
		nines.duration(call.target_latency_p99_seconds * lib.config.timeout_margin), call.to,
		nines.duration(call.target_latency_p99_seconds), lib.config.timeout_margin,
	],
) if {
	call.target_latency_p99_seconds != null
}
