//go:build !ninesplan

package rules

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// readPackageMeta parses a rule's Rego file for its package and METADATA.
func readPackageMeta(src Source) (packageMeta, error) {
	m, err := ast.ParseModuleWithOpts(src.Path, src.Text, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
	if err != nil {
		return packageMeta{}, err
	}
	meta := packageMeta{Package: m.Package.Path.String()}
	var pkg *ast.Annotations
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			pkg = a
		}
	}
	if pkg == nil {
		return meta, nil
	}
	meta.HasMetadata = true
	meta.Title = pkg.Title
	meta.Description = strings.TrimSpace(pkg.Description)
	meta.Severity, _ = pkg.Custom["severity"].(string)
	if len(pkg.RelatedResources) > 0 && pkg.RelatedResources[0].Ref.String() != "" {
		meta.URL = pkg.RelatedResources[0].Ref.String()
	}
	return meta, nil
}
