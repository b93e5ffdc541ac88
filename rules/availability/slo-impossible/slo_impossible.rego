# METADATA
# title: one component alone is below a journey's slo
# description: |
#   A journey is at most as available as any component it needs without a
#   fallback. When one such component is, on its own, less available than
#   the journey's slo, no work anywhere else can meet the objective: the
#   component is the weakest link.
#
#   The rule reports the component, at its block, once, naming every journey
#   whose slo it makes impossible. It uses the component's own availability
#   (instances, zones, k-of-n, mode, failover; for an external, its declared
#   availability) and the journeys' serial components: those not under a
#   fallback, each of which bounds the journey on its own. A component behind
#   a fallback is not reported: the fallback can cover for it.
#
#   Fix it by adding instances or zones to the component, giving the calls
#   into it a fallback, or, for a vendor, buying a better tier.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/availability/slo-impossible.md
# custom:
#   severity: error
package nines.rules.availability.slo_impossible

import data.nines.lib
import data.nines.lib.spof

report contains violation if {
	highest_slo := max([journey.slo | some journey in input.journeys])
	some name, component in input.components
	component.availability < highest_slo
	component.required
	bounded := sort([journey_name |
		some journey_name in component.journeys
		spof.serial[journey_name][name]
		component.availability < lib.journeys[journey_name].slo
	])
	count(bounded) > 0
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s is at most %s available on its own (%s), below the slo of %s, which needs it without a fallback: no other change can meet the slo; %s",
			[
				lib.kind_name(component), nines.percent(component.availability),
				own_availability(component), journey_slos(bounded), fix(component),
			],
		),
		component,
	)
}

journey_slos(names) := sprintf("journey %q (%s)", [names[0], nines.percent(lib.journeys[names[0]].slo)]) if {
	count(names) == 1
} else := concat(" ", ["journeys", concat(", ", [sprintf("%q (%s)", [n, nines.percent(lib.journeys[n].slo)]) | some n in names])])

own_availability(component) := "its declared availability" if {
	component.kind == "external"
} else := sprintf("1 instance at %s", [nines.percent(component.instance_availability)]) if {
	component.instances == 1
} else := sprintf(
	"%d instances at %s, %d needed",
	[component.instances, nines.percent(component.instance_availability), component.min_healthy],
)

fix(component) := "give the calls into it a fallback or choose a vendor tier that meets the slo" if {
	component.kind == "external"
} else := "add instances or zones, or give the calls into it a fallback"
