# METADATA
# title: call retries an operation that is not idempotent
# description: |
#   A retry after a timeout does not know whether the first attempt was
#   applied: retrying a payment without an idempotency key can charge twice.
#   Only idempotent operations, or operations carrying a key the target
#   deduplicates on, are safe to retry.
#
#   The rule reports every call that retries (retries > 0 or unlimited) and
#   is declared neither idempotent = true nor idempotency_key = true.
#
#   Fix it by sending an idempotency key (and setting idempotency_key =
#   true), by declaring idempotent = true when the operation is, or by not
#   retrying.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/retry/non-idempotent.md
# custom:
#   severity: error
package nines.rules.retry.non_idempotent

import data.nines.lib

report contains violation if {
	some call in lib.retrying_calls
	call.idempotent == false
	call.idempotency_key == false
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"%s retries (%s) but is neither idempotent nor carries an idempotency key, so a retry after a timeout can apply the operation twice: send an idempotency key, declare idempotent = true if it is, or set retries = 0",
			[lib.call_name(call), lib.retries_of(call)],
		),
		call,
	)
}
