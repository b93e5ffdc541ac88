// Package pkgdeps answers questions about a package's import graph, for
// analyzers that return early when a package cannot reach the API they check.
package pkgdeps

import "go/types"

// Reaches reports whether pkg is path or depends on it, directly or not, so
// that a package reaching net/http only through an alias in a wrapper
// package is still checked.
func Reaches(pkg *types.Package, path string) bool {
	seen := make(map[*types.Package]bool)
	var visit func(p *types.Package) bool
	visit = func(p *types.Package) bool {
		if p.Path() == path {
			return true
		}
		if seen[p] {
			return false
		}
		seen[p] = true
		for _, imp := range p.Imports() {
			if visit(imp) {
				return true
			}
		}
		return false
	}
	return visit(pkg)
}
