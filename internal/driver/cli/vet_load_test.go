package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Facts flow from the other packages of the vetted module even when only one
// package is named, and only the named package's findings are reported.
func TestVetFactsFromSameModule(t *testing.T) {
	for _, extra := range [][]string{nil, {"-deps-facts"}} {
		args := append(append([]string{"vet", "-retryidempotent", "-httpclienttimeout"}, extra...), "./checkout")
		r := nines(t, fixture("factsmod"), args...)
		require.Equal(t, ExitFindings, r.code, r.stderr)
		out := lines(r.stdout)
		require.Len(t, out, 1, r.stdout)
		assert.Contains(t, out[0], "checkout/checkout.go:15:12: retried call to billing.Charge")
		assert.Contains(t, out[0], "(retryidempotent)")
	}

	r := nines(t, fixture("factsmod"), "vet", "-retryidempotent", "-httpclienttimeout", "./...")
	require.Equal(t, ExitFindings, r.code, r.stderr)
	out := lines(r.stdout)
	require.Len(t, out, 2, r.stdout)
	assert.Contains(t, out[0], "billing/billing.go:")
	assert.Contains(t, out[0], "(httpclienttimeout)")
	assert.Contains(t, out[1], "checkout/checkout.go:15:12:")
}

// Facts flow from a helper in a module the vetted one reaches through a
// replace directive or a go.work workspace, as they do under go vet
// -vettool: the retried charge is reported by plain nines vet.
func TestVetFactsFromLinkedModules(t *testing.T) {
	bin := ninesBinary(t) // built before nines changes the directory
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(fixture("factsmod"), name))
		require.NoError(t, err)
		return string(b)
	}
	checkout := strings.ReplaceAll(read("checkout/checkout.go"), "example.com/factsmod/billing", "example.com/billing")
	for _, layout := range []struct {
		name  string
		files map[string]string
	}{
		{"replace", map[string]string{
			"shop/go.mod": "module example.com/shop\n\ngo 1.26\n\nrequire example.com/billing v0.0.0\n\nreplace example.com/billing => ../billing\n",
		}},
		{"workspace", map[string]string{
			"go.work":     "go 1.26\n\nuse (\n\t./shop\n\t./billing\n)\n",
			"shop/go.mod": "module example.com/shop\n\ngo 1.26\n",
		}},
	} {
		t.Run(layout.name, func(t *testing.T) {
			root := t.TempDir()
			files := map[string]string{
				"billing/go.mod":            "module example.com/billing\n\ngo 1.26\n",
				"billing/billing.go":        read("billing/billing.go"),
				"shop/checkout/checkout.go": checkout,
			}
			for k, v := range layout.files {
				files[k] = v
			}
			for name, content := range files {
				p := filepath.Join(root, filepath.FromSlash(name))
				require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
				require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
			}
			r := nines(t, filepath.Join(root, "shop"), "vet", "-retryidempotent", "./...")
			require.Equal(t, ExitFindings, r.code, r.stderr)
			out := lines(r.stdout)
			require.Len(t, out, 1, r.stdout)
			assert.Contains(t, out[0], "checkout/checkout.go:15:12: retried call to billing.Charge")

			// go vet -vettool finds it too (the workspace through go.work).
			cmd := exec.Command("go", "vet", "-vettool="+bin, "-retryidempotent", "./...")
			cmd.Dir = filepath.Join(root, "shop")
			if layout.name == "replace" {
				cmd.Env = append(os.Environ(), "GOWORK=off")
			} else {
				cmd.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))
			}
			vetOut, err := cmd.CombinedOutput()
			require.Error(t, err, "go vet fails on the finding: %s", vetOut)
			assert.Contains(t, string(vetOut), "checkout/checkout.go:15:12: retried call to billing.Charge", "go vet -vettool")
		})
	}
}
