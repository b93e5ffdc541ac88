# METADATA
# title: exponential backoff without jitter
# description: |
#   With exponential backoff but no jitter, clients that failed at the same
#   moment wait the same 1s, 2s, 4s and retry at the same moments: the
#   retries arrive as synchronised waves (a thundering herd) when the target
#   comes back. Random jitter spreads them.
#
#   The rule reports every call that retries (retries > 0 or unlimited) with
#   backoff = "exponential" and no jitter = true.
#
#   Fix it with jitter = true.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/retry/no-jitter.md
# custom:
#   severity: warning
package nines.rules.retry.no_jitter

import data.nines.lib

report contains violation if {
	some call in lib.retrying_calls
	call.backoff == "exponential"
	call.jitter == false
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s backs off exponentially without jitter, so callers that failed together retry %q together in waves: set jitter = true",
			[lib.call_name(call), call.to],
		),
		call,
	)
}
