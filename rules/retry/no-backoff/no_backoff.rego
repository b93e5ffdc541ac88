# METADATA
# title: call retries without backoff or with a constant one
# description: |
#   Retrying immediately, or after a fixed delay, sends the retries of every
#   client that failed together back at the target together, while it is
#   still struggling. Exponential backoff (wait = base × 2^attempt) spreads
#   them out and gives the target room to recover.
#
#   The rule reports every call that retries (retries > 0 or unlimited) with
#   backoff = "none" or "constant".
#
#   Fix it with backoff = "exponential" and jitter = true.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/retry/no-backoff.md
# custom:
#   severity: warning
package nines.rules.retry.no_backoff

import data.nines.lib

report contains violation if {
	some call in lib.retrying_calls
	call.backoff != "exponential"
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s retries (%s) %s, so retries hit %q in bursts while it is failing: set backoff = \"exponential\" and jitter = true",
			[lib.call_name(call), lib.retries_of(call), how(call.backoff), call.to],
		),
		call,
	)
}

how("constant") := "after a constant delay"

how(backoff) := "immediately, without backoff" if backoff != "constant"
