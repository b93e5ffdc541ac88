package pkgdeps_test

import (
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/nines-dev/nines/internal/analysis/pkgdeps"
)

func TestReaches(t *testing.T) {
	http := types.NewPackage("net/http", "http")
	wrapper := types.NewPackage("example.com/wrapper", "wrapper")
	wrapper.SetImports([]*types.Package{http})
	app := types.NewPackage("example.com/app", "app")
	app.SetImports([]*types.Package{wrapper})
	other := types.NewPackage("example.com/other", "other")
	other.SetImports([]*types.Package{types.NewPackage("strings", "strings")})
	// An import cycle through export data must not loop forever.
	a, b := types.NewPackage("example.com/a", "a"), types.NewPackage("example.com/b", "b")
	a.SetImports([]*types.Package{b})
	b.SetImports([]*types.Package{a})

	assert.True(t, pkgdeps.Reaches(app, "net/http"))
	assert.True(t, pkgdeps.Reaches(http, "net/http"))
	assert.False(t, pkgdeps.Reaches(other, "net/http"))
	assert.False(t, pkgdeps.Reaches(a, "net/http"))
}
