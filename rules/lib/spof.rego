# METADATA
# title: helpers of the spof rules
# description: Which components the single-point-of-failure rules look at.
package nines.lib.spof

# serial holds, per journey, the set of components that each bound the
# journey on their own (not under any fallback). A complete rule, computed
# once: OPA evaluates a partial rule again for every key looked up.
serial := {journey.name: {name | some name in journey.serial_components} | some journey in input.journeys}

# candidate holds for a required, non-external component that at least one
# journey depends on without a fallback (or any required component when the
# topology declares no journey).
candidate(component) if {
	component.required
	component.kind != "external"
	not _covered_by_fallback(component)
}

_covered_by_fallback(component) if {
	count(object.get(component, "journeys", [])) > 0
	every journey in component.journeys {
		serial[journey]
		not serial[journey][component.name]
	}
}

# needed_by renders the journeys a component is required by as a
# parenthesis, for messages.
needed_by(component) := "" if {
	count(object.get(component, "journeys", [])) == 0
} else := sprintf(" (needed by journey %s)", [component.journeys[0]]) if {
	count(component.journeys) == 1
} else := sprintf(" (needed by journeys %s)", [concat(", ", sort(component.journeys))])

# journeys_of renders the journeys a component is required by, for messages.
journeys_of(component) := "" if {
	count(object.get(component, "journeys", [])) == 0
} else := sprintf(" of journey %s", [component.journeys[0]]) if {
	count(component.journeys) == 1
} else := sprintf(" of journeys %s", [concat(", ", sort(component.journeys))])
