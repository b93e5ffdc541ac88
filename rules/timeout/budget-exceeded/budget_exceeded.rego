# METADATA
# title: call's timeout × attempts exceeds the caller's own timeout
# description: |
#   A call that may take timeout × (retries + 1) cannot finish its retries
#   within the time its caller has to answer: the caller's caller gives up
#   first, and the remaining attempts are pure extra load. A caller given 1s
#   that retries an 800ms call three times spends up to 3.2s.
#
#   The caller's budget is the smallest time one attempt of any call into
#   the calling component is given (its timeout, or its total timeout when
#   that is shorter), or, when the caller is a journey's entry and that is
#   smaller (or nothing calls it), the journey's timeout; Go computes it as
#   caller_inbound_timeout_seconds and names its source. A call's total
#   timeout (total_timeout, a mesh route's timeout) bounds it: it takes at
#   most the smaller of timeout × attempts and the total, or the total
#   alone without a timeout per attempt. Calls without either are left to
#   timeout/missing; callers without a budget are not checked. Unlimited
#   retries without a total timeout always exceed a budget. Backoff waits
#   between attempts are not counted, so the check is a lower bound, and
#   excesses of a millisecond or less are ignored as rounding.
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

# A single attempt needs no arithmetic. nines.product multiplies fast (OPA's
# decimal arithmetic is slow) and exactly enough for 0.1 × 3 to be 0.3.
tries(call) := call.timeout_seconds if {
	call.attempts == 1
	call.timeout_seconds != null
}

tries(call) := nines.product(call.timeout_seconds, call.attempts) if {
	call.attempts > 1
	call.timeout_seconds != null
}

total(call) := object.get(call, "total_timeout_seconds", null)

report contains violation if {
	some call in input.calls
	total(call) == null
	budget := call.caller_inbound_timeout_seconds
	budget != null
	worst := tries(call)
	worst > budget
	worst - budget > tolerance
	violation := exceeded(rego.metadata.chain(), call, worst)
}

# A total timeout bounds the call, whatever its attempts could take.
report contains violation if {
	some call in input.calls
	limit := total(call)
	limit != null
	budget := call.caller_inbound_timeout_seconds
	budget != null
	worst := within(call, limit)
	worst > budget
	worst - budget > tolerance
	violation := bounded(rego.metadata.chain(), call, worst)
}

within(call, limit) := min([limit, tries(call)]) if {
	tries(call)
} else := limit

bounded(chain, call, worst) := exceeded(chain, call, worst) if {
	tries(call) == worst
} else := lib.finding(
	chain, call.id,
	sprintf(
		"call %s can take up to its total timeout of %s, longer than the %s %q has to answer (the timeout of %s): lower the total timeout to %s at most",
		[
			call.id, nines.duration(worst),
			nines.duration(call.caller_inbound_timeout_seconds), call.from, call.caller_inbound_source,
			nines.duration(call.caller_inbound_timeout_seconds),
		],
	),
	call,
)

# tolerance ignores excesses of a millisecond or less (123.457ms × 3 against
# 370.37ms): they come from rounding durations, not from a budget problem.
tolerance := 0.001

exceeded(chain, call, worst) := lib.finding(
	chain, call.id,
	sprintf(
		"call %s can take %s × %d %s = %s, longer than the %s %q has to answer (the timeout of %s): lower the timeout or the retries until timeout × attempts fits in %s",
		[
			call.id, nines.duration(call.timeout_seconds), call.attempts,
			attempts_word(call.attempts), nines.duration(worst),
			nines.duration(call.caller_inbound_timeout_seconds), call.from, call.caller_inbound_source,
			nines.duration(call.caller_inbound_timeout_seconds),
		],
	),
	call,
)

report contains violation if {
	some call in lib.retrying_calls
	call.unlimited_retries == true
	call.timeout_seconds != null
	total(call) == null
	call.caller_inbound_timeout_seconds != null
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s retries without limit at %s per attempt, so it can outlast the %s %q has to answer (the timeout of %s): bound the retries so that timeout × attempts fits",
			[
				lib.call_name(call), nines.duration(call.timeout_seconds),
				nines.duration(call.caller_inbound_timeout_seconds), call.from, call.caller_inbound_source,
			],
		),
		call,
	)
}

attempts_word(1) := "attempt"

attempts_word(n) := "attempts" if n != 1
