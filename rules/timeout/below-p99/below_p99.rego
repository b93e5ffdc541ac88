# METADATA
# title: call's timeout is below the target's p99 latency plus margin
# description: |
#   A timeout below the target's p99 latency makes more than 1% of calls
#   time out while the target is healthy; a timeout just above p99 turns
#   every small slowdown of the target into failures. The rule of thumb is
#   p99 + 20%.
#
#   The rule checks every call with a timeout whose target declares
#   latency_p99, and reports it when timeout < latency_p99 × timeout_margin
#   (data.nines.config.timeout_margin, 1.2 by default).
#
#   Fix it by raising the timeout to at least latency_p99 × margin, or by
#   making the target faster and updating its latency_p99.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/timeout/below-p99.md
# custom:
#   severity: warning
package nines.rules.timeout.below_p99

import data.nines.lib

report contains violation if {
	margin := lib.config.timeout_margin
	limits := minimum_timeouts
	some call in input.calls
	p99 := call.target_latency_p99_seconds
	p99 != null
	t := call.timeout_seconds
	t != null
	t < limits[p99]
	wanted := p99 * margin
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s times out after %s, %s the %s latency_p99 of %q%s: raise the timeout to at least %s (p99 × %v)",
			[
				lib.call_name(call), lib.duration(call.timeout_seconds), relation(call),
				lib.duration(call.target_latency_p99_seconds), call.to, consequence(call),
				lib.duration(wanted), lib.config.timeout_margin,
			],
		),
		call,
	)
}

# minimum_timeouts maps each latency_p99 in the topology to the smallest
# timeout accepted for it, so that the loop over calls only compares numbers
# (arithmetic on OPA's decimal numbers is slow). The small tolerance absorbs
# the rounding of decimal durations (0.05 × 1.2 vs 0.06).
minimum_timeouts := {p99: limit |
	some p99 in latencies
	limit := (p99 * lib.config.timeout_margin) - 0.000001
}

latencies contains p99 if {
	some component in input.components
	p99 := component.latency_p99_seconds
	p99 != null
}

relation(call) := "below" if {
	call.timeout_seconds < call.target_latency_p99_seconds
} else := sprintf("within %v%% of", [round((lib.config.timeout_margin - 1) * 100)])

consequence(call) := ", so more than 1% of calls time out while it is healthy" if {
	call.timeout_seconds < call.target_latency_p99_seconds
} else := ", so any slowdown of it turns into failures"
