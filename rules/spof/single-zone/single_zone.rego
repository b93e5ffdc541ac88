# METADATA
# title: replicated component lives in a single zone
# description: |
#   A component with two or more instances all in one zone is redundant
#   against an instance failure but not against the zone: a zone outage takes
#   every instance down at once.
#
#   The rule looks at required components (as spof/single-instance does:
#   externals and components that every journey reaches only under a fallback
#   are skipped) with at least 2 instances. It reports them when their
#   instances land in exactly one zone. When a component lists no zones, the
#   rule reports it only if the topology models zones (declares zone blocks or
#   places other components in zones): then its placement is unknown while the
#   rest of the system is placed, and nothing shows it survives a zone outage.
#   A topology that models no zone at all is not reported.
#
#   A k-of-n component spread over zones is a zone single point of failure
#   too when an outage of the zone holding the most of its instances leaves
#   fewer than min_healthy: 4 instances over 2 zones with min_healthy = 3
#   lose 2 with either zone. The rule reports that for active-active
#   components (an active-passive pair needs only one instance).
#
#   Fix it by listing two or more zones: instances are spread round-robin
#   over them; for a k-of-n component, spread them over enough zones (or
#   add instances) that one zone's share is at most instances - min_healthy.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/spof/single-zone.md
# custom:
#   severity: warning
package nines.rules.spof.single_zone

import data.nines.lib
import data.nines.lib.spof

report contains violation if {
	some name, component in input.components
	component.distinct_zones == 1
	component.instances >= 2
	spof.candidate(component)
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s%s runs %d instances all in zone %q, so one zone outage takes it down: list 2 or more zones to spread them",
			[lib.kind_name(component), spof.needed_by(component), component.instances, component.zones[0]],
		),
		component,
	)
}

report contains violation if {
	zones_modelled
	some name, component in input.components
	component.distinct_zones == 0
	component.instances >= 2
	spof.candidate(component)
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s%s runs %d instances but lists no zones while the topology models zones, so nothing shows it survives a zone outage: list 2 or more zones",
			[lib.kind_name(component), spof.needed_by(component), component.instances],
		),
		component,
	)
}

report contains violation if {
	some name, component in input.components
	component.distinct_zones >= 2
	component.mode == "active-active"
	component.instances_after_zone_outage < component.min_healthy
	spof.candidate(component)
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"%s%s needs %d of its %d instances, but an outage of zone %q leaves %d, so one zone outage takes it down: spread its instances over more zones or add instances so that one zone holds at most %d",
			[
				lib.kind_name(component), spof.needed_by(component), component.min_healthy, component.instances,
				component.worst_zone, component.instances_after_zone_outage, component.instances - component.min_healthy,
			],
		),
		component,
	)
}

# zones_modelled holds when the topology declares zones or some component
# lists zones.
zones_modelled if count(object.get(input, "zones", {})) > 0

zones_modelled if {
	some component in input.components
	component.distinct_zones > 0
}
