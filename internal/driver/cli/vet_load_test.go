package cli

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/driver/vetcache"
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

// writeTree writes files under root with a modification time an hour ago,
// so that the cache trusts what it hashes (it does not trust a file
// changed within a moment of a run). Each call moves the time on by a
// second, as an edit would.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	treeEdits++
	when := time.Now().Add(-time.Hour + time.Duration(treeEdits)*time.Second)
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		require.NoError(t, os.Chtimes(p, when, when))
	}
	// Directories too: an edit in place leaves its directory alone.
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			err = os.Chtimes(p, when, when)
		}
		return err
	}))
}

var treeEdits int

// factsTree is factsmod with billing.Charge sending method (GET or POST).
func factsTree(t *testing.T, method string) map[string]string {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(fixture("factsmod"), name))
		require.NoError(t, err)
		return string(b)
	}
	billing := read("billing/billing.go")
	if method == "GET" {
		billing = strings.Replace(billing, `client.Post("https://pay.example.com/charges", "text/plain", strings.NewReader(customer))`, `client.Get("https://pay.example.com/charges?c=" + strings.ToLower(customer))`, 1)
		require.NotContains(t, billing, "client.Post")
	}
	return map[string]string{"go.mod": read("go.mod"), "billing/billing.go": billing, "checkout/checkout.go": read("checkout/checkout.go")}
}

// A cache hit never hides a finding: when a dependency's function starts to
// send an unkeyed POST (a fact of that package), the retry in the package
// that imports it is reported on the next run, whether or not the
// dependency is itself vetted; and when it stops, the finding goes.
func TestVetCacheFactChange(t *testing.T) {
	for _, pattern := range []string{"./...", "./checkout"} {
		t.Run(pattern, func(t *testing.T) {
			root := t.TempDir()
			t.Setenv(vetcache.EnvVar, t.TempDir())
			writeTree(t, root, factsTree(t, "GET"))
			vet := func() result { return nines(t, root, "vet", "-v", "-retryidempotent", pattern) }

			r := vet()
			require.Equal(t, ExitClean, r.code, r.stdout+r.stderr)
			assert.Contains(t, r.stderr, "0 from the cache")
			r = vet()
			require.Equal(t, ExitClean, r.code, r.stdout+r.stderr)
			assert.Contains(t, r.stderr, "from the cache, 0 analyzed", "nothing changed")

			writeTree(t, root, factsTree(t, "POST"))
			r = vet()
			require.Equal(t, ExitFindings, r.code, r.stdout+r.stderr)
			assert.Contains(t, r.stdout, "checkout/checkout.go:15:12: retried call to billing.Charge")
			assert.Contains(t, r.stderr, "0 from the cache", "checkout imports billing: both analyzed again")
			r = vet()
			require.Equal(t, ExitFindings, r.code, r.stdout+r.stderr)
			assert.Contains(t, r.stdout, "checkout/checkout.go:15:12: retried call to billing.Charge", "the finding is cached too")
			assert.Contains(t, r.stderr, "from the cache, 0 analyzed")

			writeTree(t, root, factsTree(t, "GET"))
			r = vet()
			require.Equal(t, ExitClean, r.code, r.stdout+r.stderr)
			assert.Empty(t, r.stdout)
		})
	}
}

// Editing a package that nothing imports analyzes it alone.
func TestVetCacheLeafChange(t *testing.T) {
	root := t.TempDir()
	t.Setenv(vetcache.EnvVar, t.TempDir())
	files := factsTree(t, "POST")
	writeTree(t, root, files)
	vet := func() result { return nines(t, root, "vet", "-v", "-retryidempotent", "-httpclienttimeout", "./...") }
	first := vet()
	require.Equal(t, ExitFindings, first.code, first.stderr)
	require.Len(t, lines(first.stdout), 2, first.stdout)

	// A comment above Pay moves the finding down a line.
	files["checkout/checkout.go"] = strings.Replace(files["checkout/checkout.go"], "// Pay retries", "// Pay pays.\n// Pay retries", 1)
	writeTree(t, root, map[string]string{"checkout/checkout.go": files["checkout/checkout.go"]})
	r := vet()
	require.Equal(t, ExitFindings, r.code, r.stderr)
	assert.Contains(t, r.stderr, "2 packages: 1 from the cache, 1 analyzed")
	out := lines(r.stdout)
	require.Len(t, out, 2, r.stdout)
	assert.Equal(t, lines(first.stdout)[0], out[0], "billing's finding, from the cache")
	assert.Contains(t, out[1], "checkout/checkout.go:16:12: retried call to billing.Charge")

	// A new file in a package is a new listing: everything is analyzed.
	writeTree(t, root, map[string]string{"checkout/more.go": "package checkout\n"})
	r = vet()
	require.Equal(t, ExitFindings, r.code, r.stderr)
	assert.Contains(t, r.stderr, "0 from the cache, 2 analyzed")
	assert.Contains(t, r.stderr, "checkout changed")
}

// A cache entry that does not decode is a miss: the run analyzes and
// reports as without a cache, and mends the entry.
func TestVetCacheCorruptEntry(t *testing.T) {
	root := t.TempDir()
	cache := t.TempDir()
	t.Setenv(vetcache.EnvVar, cache)
	writeTree(t, root, factsTree(t, "POST"))
	vet := func() result { return nines(t, root, "vet", "-v", "-retryidempotent", "./...") }
	want := vet()
	require.Equal(t, ExitFindings, want.code, want.stderr)
	entries, err := filepath.Glob(filepath.Join(cache, "vet", "*.json"))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	for _, garbage := range []string{"", "{", `{"Format":1,"Key":"x"}`, strings.Repeat("\x00", 100)} {
		require.NoError(t, os.WriteFile(entries[0], []byte(garbage), 0o644))
		r := vet()
		assert.Equal(t, want.code, r.code, r.stderr)
		assert.Equal(t, want.stdout, r.stdout)
		assert.Contains(t, r.stderr, "0 from the cache", "garbage %q", garbage)
	}
	r := vet()
	assert.Contains(t, r.stderr, "from the cache, 0 analyzed", "the entry was written again")
	assert.Equal(t, want.stdout, r.stdout)

	r = nines(t, root, "vet", "-v", "-cache=false", "-retryidempotent", "./...")
	assert.Equal(t, want.stdout, r.stdout)
	assert.Contains(t, r.stderr, "0 from the cache, 2 analyzed; cache not used: -cache=false")
}

// Runs sharing a cache at the same time each read a whole entry or none:
// every run reports the same findings, and a run after them reads the
// cache.
func TestVetCacheConcurrentRuns(t *testing.T) {
	bin := ninesBinary(t)
	root := t.TempDir()
	cache := t.TempDir()
	writeTree(t, root, factsTree(t, "POST"))
	run := func() (string, string, error) {
		cmd := exec.Command(bin, "vet", "-v", "-retryidempotent", "./...")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), vetcache.EnvVar+"="+cache)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	want, _, _ := run()
	require.Contains(t, want, "retried call to billing.Charge")
	var wg sync.WaitGroup
	outs := make([]string, 6)
	errs := make([]string, len(outs))
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i], _ = run()
		}()
	}
	wg.Wait()
	for i := range outs {
		assert.Equal(t, want, outs[i], "run %d: %s", i, errs[i])
		assert.NotContains(t, errs[i], "cache not saved", "run %d", i)
	}
	_, stderr, _ := run()
	assert.Contains(t, stderr, "2 from the cache")
	leftovers, err := filepath.Glob(filepath.Join(cache, "vet", ".tmp-*"))
	require.NoError(t, err)
	assert.Empty(t, leftovers, "no temporary file is left behind")
}

// The cache holds findings before .nines.hcl's exclusions: a change to
// them re-filters cached findings, and analyzes nothing again.
func TestVetCacheConfigExclusions(t *testing.T) {
	root := t.TempDir()
	t.Setenv(vetcache.EnvVar, t.TempDir())
	files := factsTree(t, "POST")
	files[".nines.hcl"] = "exclude = [\"billing/**\"]\n"
	writeTree(t, root, files)
	vet := func() result {
		return nines(t, root, "vet", "-v", "-config", filepath.Join(root, ".nines.hcl"), "-retryidempotent", "-httpclienttimeout", "./...")
	}
	r := vet()
	require.Equal(t, ExitFindings, r.code, r.stderr)
	require.Len(t, lines(r.stdout), 1, r.stdout)
	assert.Contains(t, r.stdout, "checkout/checkout.go")

	writeTree(t, root, map[string]string{".nines.hcl": "exclude = [\"checkout/**\"]\n"})
	r = vet()
	require.Equal(t, ExitFindings, r.code, r.stderr)
	require.Len(t, lines(r.stdout), 1, r.stdout)
	assert.Contains(t, r.stdout, "billing/billing.go")
	assert.Contains(t, r.stderr, "2 from the cache, 0 analyzed")
}

// A package that its module imports only from tests is test support, so
// its findings depend on other packages' imports: when shipped code starts
// to import it, the next run reports its finding though none of its files
// changed, and when the import goes, so does the finding.
func TestVetCacheSupportChange(t *testing.T) {
	root := t.TempDir()
	t.Setenv(vetcache.EnvVar, t.TempDir())
	files := map[string]string{
		"go.mod": "module example.com/shop\n\ngo 1.24\n",
		"mock/mock.go": `package mock

import "net/http"

// Ping asks the server at url.
func Ping(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
`,
		"shop.go":      "package shop\n\n// Name is the shop's name.\nconst Name = \"shop\"\n",
		"shop_test.go": "package shop\n\nimport (\n\t\"testing\"\n\n\t\"example.com/shop/mock\"\n)\n\nfunc TestPing(t *testing.T) { _ = mock.Ping }\n",
	}
	writeTree(t, root, files)
	vet := func() result { return nines(t, root, "vet", "-v", "-httpclienttimeout", "./...") }
	r := vet()
	require.Equal(t, ExitClean, r.code, r.stdout+r.stderr)
	assert.Empty(t, r.stdout)

	shipped := "package shop\n\nimport \"example.com/shop/mock\"\n\n// Name is the shop's name.\nconst Name = \"shop\"\n\n// Ping is mock.Ping.\nvar Ping = mock.Ping\n"
	writeTree(t, root, map[string]string{"shop.go": shipped})
	r = vet()
	require.Equal(t, ExitFindings, r.code, r.stderr)
	assert.Contains(t, r.stdout, "mock/mock.go:7:15: ")
	assert.Contains(t, r.stderr, "imported only from tests changed")

	writeTree(t, root, map[string]string{"shop.go": files["shop.go"]})
	r = vet()
	require.Equal(t, ExitClean, r.code, r.stdout+r.stderr)
	assert.Empty(t, r.stdout)
}
