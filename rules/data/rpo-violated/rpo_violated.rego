# METADATA
# title: asynchronous replication lag exceeds the rpo
# description: |
#   With asynchronous replication, the writes not yet copied to the replica
#   are lost when the primary fails and the replica takes over: the data lost
#   is up to the replication lag. When that lag exceeds the recovery point
#   objective (rpo), a failover loses more data than promised.
#
#   The rule reports every component with replication = "async" that
#   declares both replication_lag and rpo, when the lag exceeds the rpo.
#   Synchronous replication loses no acknowledged write and is not reported;
#   without a declared lag or rpo there is nothing to compare.
#
#   Fix it with replication = "sync" (at a latency cost), by bringing the lag
#   below the rpo, or by agreeing on an rpo the design can keep.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/data/rpo-violated.md
# custom:
#   severity: error
package nines.rules.data.rpo_violated

import data.nines.lib

report contains violation if {
	some name, component in input.components
	component.replication == "async"
	component.replication_lag_seconds != null
	component.rpo_seconds != null
	component.replication_lag_seconds > component.rpo_seconds
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s replicates asynchronously with up to %s of lag, more than its rpo of %s, so a failover can lose %s of writes: use replication = \"sync\" or keep the lag below %s",
			[
				lib.kind_name(component), nines.duration(component.replication_lag_seconds),
				nines.duration(component.rpo_seconds), nines.duration(component.replication_lag_seconds),
				nines.duration(component.rpo_seconds),
			],
		),
		component,
	)
}
