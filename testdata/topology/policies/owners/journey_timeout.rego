# METADATA
# title: every journey has a timeout
# description: |
#   A journey without a timeout gives its entry no budget to check its
#   calls' timeouts and retries against. An example of a team's own policy,
#   run with --policy.
# custom:
#   severity: warning
package nines.custom.journey_timeout

import data.nines.lib

report contains violation if {
	some journey in input.journeys
	journey.timeout_seconds == null
	violation := lib.finding(
		rego.metadata.chain(), journey.name,
		sprintf("journey %q has no timeout, so the timeouts of the calls below %q cannot be checked against it: set timeout", [journey.name, journey.entry]),
		journey,
	)
}
