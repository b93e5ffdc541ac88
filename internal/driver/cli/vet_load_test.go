package cli

import (
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
