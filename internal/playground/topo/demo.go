package topo

import _ "embed" // the demo policy

// DemoPolicy is the Policy tab's text on a fresh start, named
// DemoPolicyName. site/build.mjs hands it to the page, and the light
// topology worker evaluates it prepared ahead of time
// (topology/policy/plan.json).
//
//go:embed demo_policy.rego
var DemoPolicy string

// DemoPolicyName is the demo policy's file name in the Policy tab.
const DemoPolicyName = "custom.rego"
