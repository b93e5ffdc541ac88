# METADATA
# title: required active-passive component fails over by hand
# description: |
#   An active-passive component with failover = "manual" is down from the
#   moment its active instance fails until someone notices and promotes the
#   passive one: the passive instance gives no availability during that time,
#   and the availability math credits it with none (a single instance in the
#   first zone).
#
#   The rule looks at required components (as spof/single-instance does:
#   externals and components that every journey reaches only under a fallback
#   are skipped) declared mode = "active-passive" and failover = "manual".
#
#   Fix it with automatic failover (failover = "automatic", with a
#   failover_time the journeys can afford), or run the component
#   active-active.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/spof/manual-failover.md
# custom:
#   severity: error
package nines.rules.spof.manual_failover

import data.nines.lib
import data.nines.lib.spof

report contains violation if {
	some name, component in input.components
	component.mode == "active-passive"
	component.failover == "manual"
	spof.candidate(component)
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s is active-passive with manual failover, so a failure of the active instance is an outage%s until someone promotes the passive one: set failover = \"automatic\" or run it active-active",
			[lib.kind_name(component), spof.journeys_of(component)],
		),
		component,
	)
}
