# METADATA
# title: journey's computed availability is below its slo
# description: |
#   nines computes, from the components a journey needs (instances, zones,
#   k-of-n, failover, vendors' availability, fallbacks), the availability the
#   journey can reach on paper. When that is below the journey's slo, the
#   objective is not met even on a day where nothing unusual happens: the
#   expected downtime per window exceeds the error budget.
#
#   The message gives the computed availability and the slo, the expected
#   downtime and the error budget per window (downtime = (1 - availability) x
#   window, budget = (1 - slo) x window), and the component or zone
#   contributing most to the unavailability, which is where redundancy pays
#   off first. The rule trusts journeys[].meets_slo, computed in Go with the
#   availability: a journey within 1e-12 of its slo meets it, and an
#   availability below the slo is printed with enough decimals to read below
#   it.
#
#   When the availability could not be computed exactly within nines' budget
#   (see docs/topology.md), it is a certified interval; a journey whose
#   interval lies below the slo is reported as above, one whose interval
#   straddles the slo is undecided and reported as a warning with the
#   interval.
#
#   Fix it by adding instances, zones or fallbacks to the biggest
#   contributors, or by agreeing on an slo the design can keep.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/availability/slo-unmet.md
# custom:
#   severity: error
package nines.rules.availability.slo_unmet

import data.nines.lib

report contains violation if {
	some journey in input.journeys
	journey.meets_slo == false
	not object.get(journey, "slo_undecided", false)
	violation := lib.finding(
		rego.metadata.chain(), journey.name,
		sprintf(
			"journey %q is %s available on paper, below its slo of %s: %s of downtime per %s against an error budget of %s%s",
			[
				journey.name, nines.percent_below(journey.availability, journey.slo), nines.objective(journey.slo),
				nines.minutes(journey.downtime_minutes), journey.window,
				nines.minutes(journey.error_budget_minutes), biggest_contributor(journey),
			],
		),
		journey,
	)
}

# An undecided verdict is a warning whatever the rule's severity: the
# journey may meet its slo.
report contains violation if {
	some journey in input.journeys
	object.get(journey, "slo_undecided", false)
	finding := lib.finding(
		rego.metadata.chain(), journey.name,
		sprintf(
			"journey %q is between %s and %s available on paper, which straddles its slo of %s: undecided, because the exact value needs more states of its zones and shared components than nines evaluates; run --simulate, or reduce the zones or shared components the journey spans",
			[
				journey.name, nines.percent(journey.availability), nines.percent(journey.availability_upper),
				nines.objective(journey.slo),
			],
		),
		journey,
	)
	violation := object.union(finding, {"severity": "warning"})
}

default biggest_contributor(_) := "; add redundancy along its path"

biggest_contributor(journey) := sprintf(
	"; the biggest contributor is %s (%s unavailable%s): add instances, zones or a fallback there first",
	[contributor_name(top), nines.percent(top.unavailability), share(top)],
) if {
	top := journey.contributors[0]
}

# contributor_name renders a contributor: a component as written in the
# topology, or a zone.
contributor_name(contributor) := sprintf("zone %q", [contributor.zone]) if {
	object.get(contributor, "zone", "") != ""
} else := lib.kind_name(input.components[contributor.component])

default share(_) := ""

share(contributor) := sprintf(", %v%% of the journey's unavailability", [round(contributor.share * 100)]) if {
	contributor.share != null
}
