package policy

import "github.com/open-policy-agent/opa/v1/ast"

func compilerForTest() *ast.Compiler {
	mods, _ := builtinModules()
	c := ast.NewCompiler().WithCapabilities(capabilities())
	c.Compile(mods)
	return c
}
