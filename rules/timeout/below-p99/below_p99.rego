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
#   (data.nines.config.timeout_margin, 1.2 by default); a timeout short of
#   that by a millisecond or less is rounding and is not reported.
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
	# a builtin over the whole table makes OPA build it once, instead of
	# evaluating it again for each name looked up
	limits := object.union(minimum_timeouts, {})
	some call in input.calls
	t := call.timeout_seconds
	t < limits[call.to]
	t != null
	wanted := limits[call.to]

	# a millisecond or less short is rounding of durations, not a problem
	wanted - t > 0.001
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s times out after %s, %s the %s latency_p99 of %q%s: raise the timeout to at least %s (p99 × %v)",
			[
				lib.call_name(call), nines.duration(t), relation(call),
				nines.duration(call.target_latency_p99_seconds), call.to, consequence(call),
				nines.duration(wanted), lib.config.timeout_margin,
			],
		),
		call,
	)
}

# minimum_timeouts maps each component with a latency_p99 to the smallest
# timeout accepted for calls into it, computed once per component so that
# the loop over calls only looks up a name and compares. nines.product
# multiplies fast and exactly enough for 0.05 × 1.2 to be 0.06. A complete
# rule, so that OPA computes it once and does not evaluate a partial rule
# again for every lookup.
minimum_timeouts := {name: limit |
	margin := lib.config.timeout_margin
	some name, component in input.components
	p99 := component.latency_p99_seconds
	p99 != null
	limit := nines.product(p99, margin)
}

relation(call) := "below" if {
	call.timeout_seconds < call.target_latency_p99_seconds
} else := sprintf("within %v%% of", [round((lib.config.timeout_margin - 1) * 100)])

consequence(call) := ", so more than 1% of calls time out while it is healthy" if {
	call.timeout_seconds < call.target_latency_p99_seconds
} else := ", so any slowdown of it turns into failures"
