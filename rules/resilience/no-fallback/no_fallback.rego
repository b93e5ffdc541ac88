# METADATA
# title: required call to an external has no fallback
# description: |
#   A required call to a vendor without a fallback makes every journey
#   through it at most as available as the vendor, and down whenever the
#   vendor is: a 99.9% vendor alone spends a 99.9% slo's whole budget.
#
#   The rule reports every required call (required = true, the default) to a
#   component of kind external without a fallback. The message cites the
#   vendor's declared availability.
#
#   Fix it by naming, with fallback, a component that can serve instead (a
#   second vendor, a cache, a queue that defers the work), or by making the
#   call optional (required = false) when the journey can do without it.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/resilience/no-fallback.md
# custom:
#   severity: warning
package nines.rules.resilience.no_fallback

import data.nines.lib

report contains violation if {
	some call in lib.external_calls
	call.required
	object.get(call, "fallback", "") in {"", null}
	violation := lib.finding(
		rego.metadata.chain(), call.id,
		sprintf(
			"required %s to external %q has no fallback, so %q is down whenever the vendor is%s: name a component that can serve instead with fallback, or set required = false",
			[lib.call_name(call), call.to, call.from, vendor_availability(call.to)],
		),
		call,
	)
}

default vendor_availability(_) := ""

vendor_availability(name) := sprintf(" (%s available)", [nines.percent(input.components[name].availability)])
