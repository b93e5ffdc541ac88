# METADATA
# title: retries multiply along a journey's path
# description: |
#   Retries at several layers multiply: three layers that each try 4 times
#   turn one user request into 4 × 4 × 4 = 64 attempts at the bottom, a retry
#   storm that keeps a recovering dependency down.
#
#   Go finds, for each journey, the required path from its entry with the
#   largest product of attempts (retries + 1) and hands it over as
#   journeys[].amplification. The rule reports the journey, at its block,
#   when that product exceeds amplification_limit
#   (data.nines.config.amplification_limit, 10 by default) or a call on the
#   path retries without limit.
#
#   Fix it by retrying at one layer only, usually the outermost, and setting
#   retries = 0 in the layers below; a circuit breaker at each layer also
#   stops the storm.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/retry/amplification.md
# custom:
#   severity: warning
package nines.rules.retry.amplification

import data.nines.lib

report contains violation if {
	some journey in input.journeys
	amp := journey.amplification
	amp.unlimited == false
	amp.product > lib.config.amplification_limit
	violation := lib.finding(
		rego.metadata.chain(), journey.name,
		sprintf(
			"journey %q: one request can become %v attempts at %q along %s%s, above the limit of %v: retry at one layer only and set retries = 0 below it",
			[
				journey.name, amp.product, last(amp.path), concat(" -> ", amp.path),
				factors(amp), lib.config.amplification_limit,
			],
		),
		journey,
	)
}

report contains violation if {
	some journey in input.journeys
	amp := journey.amplification
	amp.unlimited
	violation := lib.finding(
		rego.metadata.chain(), journey.name,
		sprintf(
			"journey %q: a call along %s retries without limit, so one request can become unbounded attempts at %q: bound the retries and retry at one layer only",
			[journey.name, concat(" -> ", amp.path), last(amp.path)],
		),
		journey,
	)
}

last(path) := path[count(path) - 1]

# factors renders the attempts of each hop, when Go provides them.
default factors(_) := ""

factors(amp) := sprintf(" (%s attempts)", [concat(" × ", [sprintf("%v", [a]) | some a in amp.attempts])]) if {
	count(amp.attempts) > 0
}
