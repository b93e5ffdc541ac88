// Package deps pins the chosen dependencies in go.mod while the packages that
// use them are being written. Delete it once each is imported for real.
package deps

import (
	_ "github.com/golangci/plugin-module-register/register"
	_ "github.com/hashicorp/hcl/v2/gohcl"
	_ "github.com/hashicorp/hcl/v2/hclsyntax"
	_ "github.com/open-policy-agent/opa/v1/rego"
	_ "github.com/santhosh-tekuri/jsonschema/v6"
	_ "github.com/stretchr/testify/require"
)
