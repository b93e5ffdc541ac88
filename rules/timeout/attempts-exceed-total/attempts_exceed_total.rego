# METADATA
# title: call's attempts do not fit in its total timeout
# description: |
#   A call with both a timeout per attempt and a total timeout (a service
#   mesh route's timeout: Istio's perTryTimeout and timeout) gives up when
#   the total runs out, whatever attempts are left. When timeout × attempts
#   is longer than the total, the retries stated are not the retries that
#   happen: after an attempt that times out, only the attempts that still
#   fit run, and the others are load and configuration that do nothing. A
#   route of 1s whose 3 attempts have 800ms each retries a timed-out attempt
#   not twice but never. Istio's perTryTimeout defaults to the route's
#   timeout, so a route with a timeout, retries and no perTryTimeout is
#   reported too: a timed-out first attempt leaves no time for a retry.
#
#   The rule checks every call that retries (retries above zero, or
#   unlimited) and has both timeouts; excesses of a millisecond or less are
#   ignored as rounding. The finding is at the total timeout, which for an
#   imported route is the VirtualService's timeout line. The message gives
#   how many attempts fit and a timeout per attempt that would let all of
#   them run (total ÷ attempts); when that is below the target's
#   latency_p99 × timeout_margin (p99 + 20% by default), which would make
#   healthy calls time out, it suggests fewer retries instead.
#
#   Fix it by lowering the timeout per attempt to at most total ÷ attempts,
#   by lowering the retries to what fits, or by raising the total timeout.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/timeout/attempts-exceed-total.md
# custom:
#   severity: warning
package nines.rules.timeout.attempts_exceed_total

import data.nines.lib

report contains violation if {
	some call in lib.retrying_calls
	call.retries > 0
	total := object.get(call, "total_timeout_seconds", null)
	total != null
	t := call.timeout_seconds
	t != null
	all := nines.product(t, call.attempts)
	all - total > tolerance
	fit := fitting(total, t)
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s makes up to %d attempts of %s (%s in all) but gives up after its total timeout of %s: %s, so %s; %s",
			[
				lib.call_name(call), call.attempts, nines.duration(t), nines.duration(all),
				nines.duration(total), fits(fit), retried(fit, call.retries),
				fix(call, total, fit),
			],
		),
		object.get(call, "total_timeout_at", call),
	)
}

report contains violation if {
	some call in lib.retrying_calls
	call.unlimited_retries == true
	total := object.get(call, "total_timeout_seconds", null)
	total != null
	t := call.timeout_seconds
	t != null
	fit := fitting(total, t)
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s retries without limit at %s per attempt but gives up after its total timeout of %s: %s, so the limit is the total, not the retries; bound the retries to %d",
			[lib.call_name(call), nines.duration(t), nines.duration(total), fits(fit), max([fit - 1, 0])],
		),
		object.get(call, "total_timeout_at", call),
	)
}

# tolerance ignores excesses of a millisecond or less: rounding of
# durations, not a configuration problem.
tolerance := 0.001

# fitting is how many whole attempts of t fit in total; the millisecond of
# tolerance keeps 3 × 100ms inside 300ms.
fitting(total, t) := floor((total + tolerance) / t)

fits(0) := "not even one attempt fits"

fits(1) := "one attempt fits"

fits(n) := sprintf("%d attempts fit", [n]) if n > 1

retried(fit, retries) := "a timed-out attempt is never retried" if fit <= 1

retried(fit, retries) := sprintf("a timed-out attempt is retried at most %d of the %d times stated", [fit - 1, retries]) if fit > 1

# fix suggests a timeout per attempt that lets every attempt run, unless
# that would be below the target's p99 × margin: then fewer retries.
fix(call, total, fit) := sprintf(
	"set the timeout per attempt to at most %s (total ÷ attempts), or the retries to %d, or raise the total timeout to %s",
	[nines.duration(per_attempt(call, total)), max([fit - 1, 0]), nines.duration(nines.product(call.timeout_seconds, call.attempts))],
) if {
	not too_short(call, total)
}

fix(call, total, fit) := sprintf(
	"%s per attempt would be below the latency_p99 of %q (%s) × %v = %s, so lower the retries to %d or raise the total timeout to %s",
	[
		nines.duration(per_attempt(call, total)), call.to, nines.duration(call.target_latency_p99_seconds),
		lib.config.timeout_margin, nines.duration(nines.product(call.target_latency_p99_seconds, lib.config.timeout_margin)),
		max([fit - 1, 0]), nines.duration(nines.product(call.timeout_seconds, call.attempts)),
	],
) if {
	too_short(call, total)
}

per_attempt(call, total) := total / call.attempts

too_short(call, total) if {
	call.target_latency_p99_seconds != null
	per_attempt(call, total) < nines.product(call.target_latency_p99_seconds, lib.config.timeout_margin)
}
