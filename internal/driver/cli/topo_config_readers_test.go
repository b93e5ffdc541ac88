package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readersDir writes a small repository: an overlay, a Compose file under a
// name a walk does not take (deploy/stack.yml), manifests in deploy/k8s and
// stale manifests in old/ that a walk would take.
func readersDir(t *testing.T, conf string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"overlay/shop.nines.hcl": `journey "browse" {
  entry = "web"
  slo   = "99%"
}

component "web" {
  call "api" {
    timeout = "1s"
  }
}
`,
		"deploy/stack.yml": `services:
  web:
    image: shop/web
    deploy:
      replicas: 1
`,
		"deploy/k8s/api.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
`,
		"old/legacy.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
spec:
  replicas: 1
`,
	}
	if conf != "" {
		files[".nines.hcl"] = conf
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return dir
}

// TestTopoConfigReaders: topology { kubernetes, compose, terraform } say
// which files each reader reads, whatever their names, instead of the
// walk; the HCL overlay is still found below the directory.
func TestTopoConfigReaders(t *testing.T) {
	t.Setenv("NINES_CONFIG", "")
	conf := `topology {
  kubernetes = ["deploy/k8s/*.yaml"]
  compose    = ["deploy/stack.yml"]
}
`
	r := nines(t, readersDir(t, conf), "topo")
	require.Equal(t, ExitFindings, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, `deploy/stack.yml:5:7: error: service "web" runs a single instance`)
	assert.Contains(t, r.stdout, "browse")
	export := nines(t, readersDir(t, conf), "topo", "--export", "hcl")
	require.Equal(t, ExitClean, export.code, export.stderr)
	assert.Contains(t, export.stdout, "# from deploy/k8s/api.yaml:6\nservice \"api\" {\n  instances = 2\n")
	assert.NotContains(t, export.stdout, "legacy", "old/legacy.yaml is not listed: not read")

	// Without the globs the walk takes old/legacy.yaml and leaves
	// deploy/stack.yml (neither a Compose name nor manifests): web is
	// then unknown to the overlay.
	walked := nines(t, readersDir(t, ""), "topo")
	assert.Equal(t, ExitError, walked.code)
	assert.Contains(t, walked.stderr, `component "web": no reader produced a component of that name`)

	// Paths on the command line win over the globs, as for files.
	named := nines(t, readersDir(t, conf), "topo", "--export", "hcl", "overlay", "deploy/stack.yml", "deploy/k8s/api.yaml", "old")
	require.Equal(t, ExitClean, named.code, named.stderr)
	assert.Contains(t, named.stdout, "# from old/legacy.yaml:6\nservice \"legacy\" {")
}

// TestTopoConfigReadersErrors: a malformed glob and a file two readers'
// globs name are errors at the attribute that holds the glob (list items
// have no positions of their own), with exit status 2.
func TestTopoConfigReadersErrors(t *testing.T) {
	t.Setenv("NINES_CONFIG", "")
	bad := nines(t, readersDir(t, "topology {\n  compose   = [\"deploy/stack.yml\"]\n  terraform = [\"infra/*.tf\", \"infra/[\"]\n}\n"), "topo")
	assert.Equal(t, ExitError, bad.code)
	assert.Equal(t, ".nines.hcl:3:3: glob \"infra/[\" is malformed\n", bad.stderr)

	both := nines(t, readersDir(t, "topology {\n  kubernetes = [\"deploy/**/*.y*ml\"]\n  compose    = [\"deploy/k8s/*.yaml\", \"deploy/*.yml\"]\n}\n"), "topo")
	assert.Equal(t, ExitError, both.code)
	assert.Equal(t, ".nines.hcl:3:3: glob \"deploy/k8s/*.yaml\" names deploy/k8s/api.yaml, which topology.kubernetes names too: a file is read by one reader\n"+
		".nines.hcl:3:3: glob \"deploy/*.yml\" names deploy/stack.yml, which topology.kubernetes names too: a file is read by one reader\n", both.stderr)
}
