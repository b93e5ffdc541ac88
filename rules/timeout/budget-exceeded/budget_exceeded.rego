# METADATA
# title: call's timeout × attempts exceeds the caller's own timeout
# description: |
#   A call that may take timeout × (retries + 1) cannot finish its retries
#   within the time its caller has to answer: the caller's caller gives up
#   first, and the remaining attempts are pure extra load. A caller given 1s
#   that retries an 800ms call three times spends up to 3.2s.
#
#   The caller's budget is the smallest timeout of any call into the calling
#   component, or, when the caller is a journey's entry and that is smaller
#   (or nothing calls it), the journey's timeout; Go computes it as
#   caller_inbound_timeout_seconds and names its source. Calls without a
#   timeout are left to timeout/missing; callers without a budget are not
#   checked. Unlimited retries always exceed a budget. Backoff waits between
#   attempts are not counted, so the check is a lower bound.
#
#   Fix it by lowering the timeout or the retries until timeout × attempts
#   fits in the caller's budget, or by raising the caller's budget.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/timeout/budget-exceeded.md
# custom:
#   severity: error
package nines.rules.timeout.budget_exceeded

import data.nines.lib

report contains violation if {
	limits := worst_cases
	some call in input.calls
	budget := call.caller_inbound_timeout_seconds
	budget != null
	t := call.timeout_seconds
	t != null
	limits[[t, call.attempts]] > budget
	worst := t * call.attempts
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s can take %s × %d %s = %s, longer than the %s %q has to answer (the timeout of %s): make timeout × attempts fit, %s",
			[
				lib.call_name(call), lib.duration(call.timeout_seconds), call.attempts,
				attempts_word(call.attempts), lib.duration(worst),
				lib.duration(call.caller_inbound_timeout_seconds), call.from, call.caller_inbound_source,
				suggestion(call),
			],
		),
		call,
	)
}

report contains violation if {
	some call in lib.retrying_calls
	call.unlimited_retries == true
	call.timeout_seconds != null
	call.caller_inbound_timeout_seconds != null
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s retries without limit at %s per attempt, so it can outlast the %s %q has to answer (the timeout of %s): bound the retries so that timeout × attempts fits",
			[
				lib.call_name(call), lib.duration(call.timeout_seconds),
				lib.duration(call.caller_inbound_timeout_seconds), call.from, call.caller_inbound_source,
			],
		),
		call,
	)
}

# worst_cases maps each distinct [timeout, attempts] of the topology to
# timeout × attempts, less a small tolerance for the rounding of decimal
# durations (0.1 × 3 vs 0.3). Topologies reuse a few timeouts and retry
# counts, so the loop over calls looks products up instead of multiplying
# (arithmetic on OPA's decimal numbers is slow). Unlimited retries have no
# attempts and no entry.
worst_cases := {pair: worst |
	some pair in timed_attempts
	worst := (pair[0] * pair[1]) - 0.000001
}

timed_attempts contains [t, attempts] if {
	some call in input.calls
	t := call.timeout_seconds
	t != null
	attempts := call.attempts
	attempts != null
}

# suggestion keeps the retries and shrinks the timeout when that stays above
# the target's p99 plus margin; otherwise it keeps the timeout at p99 plus
# margin and lowers the retries.
suggestion(call) := sprintf("e.g. timeout = %q with %s", [lib.duration(per_attempt), lib.retries_of(call)]) if {
	per_attempt := floor((call.caller_inbound_timeout_seconds / call.attempts) * 1000) / 1000
	fits_p99(call, per_attempt)
} else := sprintf("e.g. timeout = %q with %s", [lib.duration(ceil_ms(needed)), lib.retries_of({"retries": n - 1})]) if {
	needed := call.target_latency_p99_seconds * lib.config.timeout_margin
	n := floor(call.caller_inbound_timeout_seconds / needed)
	n >= 1
} else := sprintf("or give %q more time: even one attempt at the target's latency_p99 + margin does not fit", [call.from])

fits_p99(call, _) if call.target_latency_p99_seconds == null

fits_p99(call, per_attempt) if per_attempt >= call.target_latency_p99_seconds * lib.config.timeout_margin

ceil_ms(s) := ceil(s * 1000) / 1000

attempts_word(1) := "attempt"

attempts_word(n) := "attempts" if n != 1
