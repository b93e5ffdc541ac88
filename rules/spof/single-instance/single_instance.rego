# METADATA
# title: required component runs a single instance
# description: |
#   A component that a journey needs, running one instance (or no more
#   instances than it needs healthy, min_healthy), goes down with that
#   instance: every deploy, crash or host failure is an outage of the journey.
#
#   The rule looks at the required closure (components.*.required): every
#   component a journey reaches through required calls, or every component
#   when the topology declares no journey. Externals are skipped: their
#   instances are not yours and their declared availability is used as a
#   whole. A component that every journey holding it reaches only under a
#   fallback is skipped too: the fallback is its redundancy.
#
#   Fix it by running at least min_healthy + 1 instances, ideally spread over
#   zones, or by giving the calls into it a fallback.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/spof/single-instance.md
# custom:
#   severity: error
package nines.rules.spof.single_instance

import data.nines.lib
import data.nines.lib.spof

report contains violation if {
	some name, component in input.components
	component.instances < 2
	spof.candidate(component)
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s runs a single instance, so any failure of it is an outage%s: run 2 or more instances, spread over zones",
			[lib.kind_name(component), spof.journeys_of(component)],
		),
		component,
	)
}

report contains violation if {
	some name, component in input.components
	component.instances >= 2
	component.instances <= component.min_healthy
	spof.candidate(component)
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s runs %d instances and needs %d healthy, so one failed instance is an outage%s: run at least %d instances",
			[
				lib.kind_name(component), component.instances, component.min_healthy,
				spof.journeys_of(component), component.min_healthy + 1,
			],
		),
		component,
	)
}
