# METADATA
# title: call needs strong consistency from an eventually consistent store
# description: |
#   A caller that needs strong consistency (read-your-writes, no stale
#   reads) cannot get it from a store declared consistency = "eventual": a
#   read right after a write, or after a failover, can return old data.
#
#   The rule reports every call declaring consistency = "strong" whose
#   target declares consistency = "eventual". A call that declares no
#   consistency is not checked.
#
#   Fix it by reading from a strongly consistent store (or a strongly
#   consistent read mode of the same store, declared as its own component),
#   or by relaxing the call's consistency when the caller tolerates stale
#   data.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/data/consistency-mismatch.md
# custom:
#   severity: error
package nines.rules.data.consistency_mismatch

import data.nines.lib

report contains violation if {
	some call in input.calls
	call.consistency == "strong"
	call.target_consistency == "eventual"
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s needs strong consistency but %s %q is eventually consistent, so reads can return stale data: read from a strongly consistent store or relax the call's consistency",
			[lib.call_name(call), call.target_kind, call.to],
		),
		call,
	)
}
