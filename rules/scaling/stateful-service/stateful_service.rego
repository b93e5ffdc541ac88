# METADATA
# title: stateful service scaled out without a session store
# description: |
#   A service that keeps session state in its own memory (stateless = false)
#   and runs several instances loses a user's session whenever the load
#   balancer or a failure moves the user to another instance; sticky sessions
#   only hide this until the instance fails, and they defeat load balancing.
#
#   The rule reports every service (required or not) with stateless = false,
#   2 or more instances and no session_store. A single instance is left to
#   spof/single-instance.
#
#   Fix it by moving the state to a shared store (a cache or database) and
#   naming it with session_store, or by making the service stateless.
# related_resources:
#   - description: documentation
#     ref: https://github.com/nines-dev/nines/blob/main/docs/rules/topology/scaling/stateful-service.md
# custom:
#   severity: warning
package nines.rules.scaling.stateful_service

import data.nines.lib

report contains violation if {
	some name, component in input.components
	component.stateless == false
	component.kind == "service"
	component.instances >= 2
	object.get(component, "session_store", "") in {"", null}
	violation := lib.finding(
		rego.metadata.chain(), name,
		sprintf(
			"service %q keeps session state in memory but runs %d instances without a session_store, so a user moved to another instance loses the session: keep sessions in a shared store named by session_store, or make the service stateless",
			[name, component.instances],
		),
		component,
	)
}
