# METADATA
# title: required call to an external has no circuit breaker
# description: |
#   When a vendor is down or slow, a caller without a circuit breaker keeps
#   sending every request to it and waiting for each timeout: its threads and
#   connections fill up and it fails too, taking unrelated features with it.
#   A circuit breaker fails fast while the vendor is down and probes it now
#   and then (closed, open, half-open).
#
#   The rule reports every required call (required = true, the default) to a
#   component of kind external without circuit_breaker = true. Calls between
#   your own components are not checked: their failures are modelled by the
#   availability rules.
#
#   Fix it with circuit_breaker = true (and a fallback, see
#   resilience/no-fallback).
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/resilience/no-circuit-breaker.md
# custom:
#   severity: warning
package nines.rules.resilience.no_circuit_breaker

import data.nines.lib

report contains violation if {
	some call in lib.external_calls
	call.required
	call.circuit_breaker == false
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"required %s to external %q has no circuit breaker, so when the vendor is down %q keeps waiting on it and fails too: set circuit_breaker = true to fail fast",
			[lib.call_name(call), call.to, call.from],
		),
		call,
	)
}
