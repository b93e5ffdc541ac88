# METADATA
# title: nines rule library
# description: |
#   The one place where the shape of a finding and the rule configuration are
#   defined. Every built-in rule and every user policy reports through
#   finding, so a finding always carries a rule id, a severity, a message, a
#   subject and the position of the block it is about.
package nines.lib

# default_config holds the thresholds the built-in rules read. Users
# override single keys through the data document data.nines.config.
default_config := {
	"max_retries": 5,
	"amplification_limit": 10,
	"timeout_margin": 1.2,
}

default user_config := {}

user_config := data.nines.config

# config is default_config with the user's keys on top.
config := object.union(default_config, user_config)

# finding is the only constructor of a finding. chain is
# rego.metadata.chain() evaluated in the reporting rule: the rule id and the
# severity come from the package METADATA of that rule, so they are written
# once, next to the rule. at is the input object whose block is reported (a
# component, a call or a journey) and gives the position; an object without
# one (a mistake in a user policy) yields file "" and line 0 rather than no
# finding at all.
finding(chain, subject, message, at) := {
	"rule": rule_id(chain),
	"severity": severity(chain),
	"message": message,
	"subject": subject,
	"file": object.get(at, "file", ""),
	"line": object.get(at, "line", 0),
	"column": object.get(at, "column", 0),
}

# package_annotations returns the annotations of the package the rule is in.
package_annotations(chain) := [entry.annotations |
	some entry in chain
	entry.annotations.scope == "package"
][0]

default _custom_id(_) := ""

_custom_id(chain) := package_annotations(chain).custom.id

# rule_id is custom.id of the package METADATA when set, else derived from
# the package path: nines.rules.<category>.<rule_name> is
# "<category>/<rule-name>" and nines.custom.<name> is "custom/<name>", with
# underscores turned into dashes. The first entry of the chain is always the
# reporting rule (annotated or not), so its path minus the rule name is the
# package.
rule_id(chain) := id if {
	id := _custom_id(chain)
	id != ""
} else := id if {
	path := chain[0].path
	path[0] == "nines"
	path[1] in {"rules", "custom"}
	names := [dashed(p) | some p in array.slice(path, 2, count(path) - 1)]
	id := concat("/", array.concat(prefix[path[1]], names))
}

prefix := {"rules": [], "custom": ["custom"]}

dashed(s) := replace(s, "_", "-")

# severity is custom.severity of the package METADATA, "error" when unset.
default severity(_) := "error"

severity(chain) := package_annotations(chain).custom.severity

# kind_name renders a component as it is written in the topology file, e.g.
# database "orders".
kind_name(component) := sprintf("%s %q", [component.kind, component.name])

# retries_of renders a call's retries for messages.
retries_of(call) := "unlimited retries" if {
	call.unlimited_retries
} else := "1 retry" if {
	call.retries == 1
} else := sprintf("%d retries", [call.retries])

# retrying_calls are the calls that retry at all: the retry rules iterate
# over them instead of every call (one pass over the calls instead of five).
retrying_calls := [call | some call in input.calls; call.retries != 0]

# external_calls are the calls to components of kind external.
external_calls := [call | some call in input.calls; call.target_kind == "external"]

# journeys indexes the journeys by name (a complete rule, computed once).
journeys := {journey.name: journey | some journey in input.journeys}

# call_name renders a call for messages, e.g. call api->db.
call_name(call) := sprintf("call %s", [call.id])
