# METADATA
# title: recovery takes longer than the rto
# description: |
#   The recovery time objective (rto) bounds how long the component may be
#   unavailable after a failure. With two or more instances, recovery is the
#   failover: when failover_time (60s by default) exceeds the rto, every
#   failover breaks the promise.
#
#   The rule reports every component (externals excepted: their recovery is
#   the vendor's) that declares an rto, when failover_time exceeds it. A
#   component with a single instance has nothing to fail over to: recovering
#   it means repairing it, so its mttr (1h by default) is compared with the
#   rto instead.
#
#   Fix it with faster, automatic failover (a smaller failover_time), by
#   adding a replica to fail over to, or by agreeing on an rto the design can
#   keep.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/data/rto-violated.md
# custom:
#   severity: error
package nines.rules.data.rto_violated

import data.nines.lib

report contains violation if {
	some name, component in input.components
	component.rto_seconds != null
	component.instances >= 2
	component.kind != "external"
	component.failover_time_seconds > component.rto_seconds
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s takes %s to fail over, more than its rto of %s: make failover automatic and faster than %s, or agree on a longer rto",
			[
				lib.kind_name(component), nines.duration(component.failover_time_seconds),
				nines.duration(component.rto_seconds), nines.duration(component.rto_seconds),
			],
		),
		component,
	)
}

report contains violation if {
	some name, component in input.components
	component.rto_seconds != null
	component.instances < 2
	component.kind != "external"
	component.mttr_seconds > component.rto_seconds
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s has a single instance, so recovering it takes its mttr of %s, more than its rto of %s: add a replica with a failover_time below %s",
			[
				lib.kind_name(component), nines.duration(component.mttr_seconds),
				nines.duration(component.rto_seconds), nines.duration(component.rto_seconds),
			],
		),
		component,
	)
}
