# METADATA
# title: every database runs in two zones or more
# custom:
#   severity: warning
package nines.custom.database_zones

import data.nines.lib

report contains violation if {
	some name, c in input.components
	c.kind == "database"
	c.distinct_zones < 2
	violation := lib.finding(rego.metadata.chain(), name, sprintf("database %s runs in %d zone", [name, c.distinct_zones]), c)
}
