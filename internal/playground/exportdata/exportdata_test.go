package exportdata_test

import (
	"bytes"
	"errors"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"

	"github.com/nines-dev/nines/internal/playground/exportdata"
)

// TestCurrent fails when exportdata.bin was made by another Go or x/tools
// version than the ones nines is built with now.
func TestCurrent(t *testing.T) {
	h, err := exportdata.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if h.Go != runtime.Version() {
		t.Errorf("export data is for %s, nines is built with %s: run go generate ./internal/exportdata", h.Go, runtime.Version())
	}
	mod, err := os.ReadFile("../../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*golang.org/x/tools (v\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod does not require golang.org/x/tools")
	}
	if got := h.Modules["golang.org/x/tools"]; got != string(m[1]) {
		t.Errorf("export data was written with golang.org/x/tools %s, go.mod requires %s: align internal/playground/exportdata/gen/go.mod and run go generate ./internal/exportdata", got, m[1])
	}
}

// TestRegenerate runs the generator and compares its output with the embedded
// file byte for byte, so a change of package list or library version that was
// not regenerated is caught too.
func TestRegenerate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exportdata.bin")
	cmd := exec.Command("go", "run", "-C", "gen", ".", "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("running the generator: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("exportdata.bin")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("exportdata.bin is stale (%d bytes, regenerated %d): run go generate ./internal/exportdata", len(want), len(got))
	}
}

func TestImportEveryPackage(t *testing.T) {
	paths := exportdata.Paths()
	for _, want := range []string{"net/http", "database/sql", "context", "math/rand/v2", "github.com/cenkalti/backoff/v5", "github.com/hashicorp/go-retryablehttp"} {
		found := false
		for _, p := range paths {
			found = found || p == want
		}
		if !found {
			t.Errorf("export data lacks %s", want)
		}
	}
	im := exportdata.NewImporter(token.NewFileSet())
	for _, p := range paths {
		pkg, err := im.Import(p)
		if err != nil {
			t.Errorf("importing %s: %v", p, err)
			continue
		}
		if pkg.Path() != p || !pkg.Complete() {
			t.Errorf("importing %s: got %s, complete=%v", p, pkg.Path(), pkg.Complete())
		}
	}
}

func TestTypeCheckAgainstEmbedded(t *testing.T) {
	const src = `package p

import (
	"net/http"
	"time"

	"github.com/cenkalti/backoff/v4"
)

var c = &http.Client{Timeout: 5 * time.Second}
var b = backoff.NewExponentialBackOff()
`
	fset := token.NewFileSet()
	f, err := parseFile(fset, src)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: exportdata.NewImporter(fset)}
	pkg, err := conf.Check("p", fset, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := pkg.Scope().Lookup("c").Type().String(); got != "*net/http.Client" {
		t.Errorf("type of c = %s", got)
	}
}

func TestImportUnknown(t *testing.T) {
	_, err := exportdata.NewImporter(token.NewFileSet()).Import("example.com/nothere")
	if !errors.Is(err, exportdata.ErrNotEmbedded) {
		t.Errorf("Import(unknown) = %v, want ErrNotEmbedded", err)
	}
}
