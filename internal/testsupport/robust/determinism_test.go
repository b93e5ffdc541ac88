package robust

import (
	"bytes"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/nines-dev/nines/internal/driver/cli"
)

// repoRoot is the repository root, where the demo and the topology
// examples are named from.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// runTwice runs nines twice in dir with the same arguments and fails the
// test unless both runs print byte-identical output and exit alike. It
// returns the first run's standard output.
func runTwice(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	code1, out1, err1 := nines(t, dir, args...)
	// A different degree of parallelism in the second run shakes out
	// orders that depend on which goroutine finishes first.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	code2, out2, err2 := nines(t, dir, args...)
	if code1 != code2 {
		t.Errorf("nines %s: exit status %d, then %d", strings.Join(args, " "), code1, code2)
	}
	if out1 != out2 {
		t.Errorf("nines %s: standard output differs between two runs:\n%s", strings.Join(args, " "), firstDifference(out1, out2))
	}
	if err1 != err2 {
		t.Errorf("nines %s: standard error differs between two runs:\n%s", strings.Join(args, " "), firstDifference(err1, err2))
	}
	return code1, out1
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n  first:  " + al[i] + "\n  second: " + bl[i]
		}
	}
	return "one output is a prefix of the other (" + strconv.Itoa(len(al)) + " and " + strconv.Itoa(len(bl)) + " lines)"
}

// TestVetOutputDeterministic runs nines vet twice on the demo and on a
// fixture module, in each format, and wants identical bytes. The fixture
// has findings of every analyzer that needs no third-party module, facts
// crossing packages, and a //nolint'd finding (which SARIF records as
// suppressed).
func TestVetOutputDeterministic(t *testing.T) {
	root := repoRoot(t)
	fixture, err := filepath.Abs("testdata/vetmod")
	if err != nil {
		t.Fatal(err)
	}
	inputs := []struct {
		name, dir, pattern string
		minFindings        int
	}{
		{"demo", root, "./testdata/demo/...", 5},
		{"fixture", fixture, "./...", 30},
	}
	for _, in := range inputs {
		for _, format := range []string{"text", "json", "sarif"} {
			t.Run(in.name+"/"+format, func(t *testing.T) {
				code, out := runTwice(t, in.dir, "vet", "-format", format, in.pattern)
				if code != cli.ExitFindings {
					t.Fatalf("exit status %d, want %d (findings)", code, cli.ExitFindings)
				}
				if format == "text" {
					t.Logf("%d findings", strings.Count(out, "\n"))
					if n := strings.Count(out, "\n"); n < in.minFindings {
						t.Errorf("%d findings, want at least %d: the input no longer exercises the analyzers", n, in.minFindings)
					}
				}
				if bytes.Contains([]byte(out), []byte("panic")) {
					t.Errorf("output mentions a panic")
				}
			})
		}
	}
}

// TestTopoOutputDeterministic runs nines topo twice on every topology
// example, in each format, and wants identical bytes.
func TestTopoOutputDeterministic(t *testing.T) {
	root := repoRoot(t)
	examples := []string{"naive-shop", "reviewed-shop", "retry-storm", "data-placement"}
	for _, ex := range examples {
		for _, format := range []string{"text", "json", "sarif"} {
			t.Run(ex+"/"+format, func(t *testing.T) {
				code, out := runTwice(t, root, "topo", "-format", format, "testdata/topology/"+ex)
				if code != cli.ExitClean && code != cli.ExitFindings {
					t.Fatalf("exit status %d", code)
				}
				if len(out) == 0 {
					t.Errorf("no output")
				}
			})
		}
	}
	// -simulate draws random numbers: a fixed seed must give fixed output.
	t.Run("naive-shop/simulate", func(t *testing.T) {
		runTwice(t, root, "topo", "-simulate", "2000", "-seed", "7", "testdata/topology/naive-shop")
	})
}
