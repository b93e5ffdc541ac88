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
	nines.below(component.availability, highest_slo)
	component.required
	bounded := sort([journey_name |
		some journey_name in component.journeys
		spof.serial[journey_name][name]
		nines.below(component.availability, lib.journeys[journey_name].slo)
	])
	count(bounded) > 0
	slo := max([lib.journeys[n].slo | some n in bounded])
	reason := cause(component, slo)
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s is at most %s available on its own (%s), below the slo of %s, which %s it without a fallback: no other change can meet the slo; %s",
			[
				lib.kind_name(component), nines.percent_below(component.availability, slo),
				reason.why, journey_slos(bounded), needs(bounded), reason.fix,
			],
		),
		component,
	)
}

journey_slos(names) := sprintf("journey %q (%s)", [names[0], nines.objective(lib.journeys[names[0]].slo)]) if {
	count(names) == 1
} else := concat(" ", ["journeys", concat(", ", [sprintf("%q (%s)", [n, nines.objective(lib.journeys[n].slo)]) | some n in names])])

needs(names) := "needs" if count(names) == 1 else := "need"

# zones_up is the component's availability were every zone up (older
# inputs without the fact: its availability).
zones_up(component) := object.get(component, "availability_zones_up", component.availability)

# cause names what bounds the component, first the cause that makes the
# redundancy void, then the zones, the failover windows and the instances.
cause(component, slo) := {
	"why": "its declared availability",
	"fix": "give the calls into it a fallback or choose a vendor tier that meets the slo",
} if {
	component.kind == "external"
} else := {
	"why": sprintf("manual failover gives the standby no credit: the primary alone, at %s%s", [
		nines.percent(component.instance_availability), first_zone(component),
	]),
	"fix": "make its failover automatic, or give the calls into it a fallback",
} if {
	component.mode == "active-passive"
	component.failover == "manual"
} else := {
	"why": sprintf(
		"failover_time %s is not shorter than mttr %s: each outage of the active instance lasts until it is repaired, so the standby adds nothing",
		[nines.duration(component.failover_time_seconds), nines.duration(component.mttr_seconds)],
	),
	"fix": "make failover_time much shorter than mttr, or give the calls into it a fallback",
} if {
	component.mode == "active-passive"
	component.instances >= 2
	component.failover_time_seconds >= component.mttr_seconds
} else := {
	"why": zone_cause(component),
	"fix": "spread its instances over more zones, or give the calls into it a fallback",
} if {
	not nines.below(zones_up(component), slo)
} else := {
	"why": sprintf("failover windows of %s per %s repair cost %s of availability", [
		nines.duration(component.failover_time_seconds), nines.duration(component.mttr_seconds),
		nines.percent(component.failover_loss),
	]),
	"fix": "shorten failover_time, or give the calls into it a fallback",
} if {
	object.get(component, "failover_loss", 0) > 0
	not nines.below(zones_up(component) + component.failover_loss, slo)
} else := {
	"why": instances(component),
	"fix": "add instances or zones, or give the calls into it a fallback",
}

first_zone(component) := sprintf(" in zone %q (%s)", [component.zones[0], nines.percent(input.zones[component.zones[0]].availability)]) if {
	count(component.zones) > 0
	input.zones[component.zones[0]].availability != null
} else := ""

zone_cause(component) := sprintf("all its instances are in zone %q (%s)", [
	component.zones[0], nines.percent(input.zones[component.zones[0]].availability),
]) if {
	component.distinct_zones == 1
} else := sprintf("an outage of zone %q leaves %d of its %d instances, %d needed", [
	component.worst_zone, component.instances_after_zone_outage, component.instances, component.min_healthy,
]) if {
	component.mode == "active-active"
	component.instances_after_zone_outage < component.min_healthy
} else := sprintf("its instances would give %s, its zones' outages take it lower", [nines.percent(zones_up(component))])

instances(component) := sprintf("1 instance at %s", [nines.percent(component.instance_availability)]) if {
	component.instances == 1
} else := sprintf(
	"%d instances at %s, %d needed",
	[component.instances, nines.percent(component.instance_availability), component.min_healthy],
)
