// Command gen writes the export data that the playground's Go worker embeds:
// the types of the standard library packages that reliability code uses and
// of the retry and HTTP libraries that nines understands, so that go/types can
// type-check a user's file in the browser without a Go toolchain.
//
// It lives in its own module so that those libraries stay out of nines's
// go.mod. Run it through `go generate ./internal/exportdata`.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// roots are the packages a playground user may import. Their dependencies are
// written too, but only as far as the roots' APIs need them.
var roots = []string{
	"bufio",
	"bytes",
	"context",
	"crypto/rand",
	"crypto/tls",
	"crypto/x509",
	"database/sql",
	"database/sql/driver",
	"encoding/json",
	"errors",
	"fmt",
	"io",
	"io/fs",
	"log",
	"log/slog",
	"maps",
	"math",
	"math/rand",
	"math/rand/v2",
	"net",
	"net/http",
	"net/http/httptest",
	"net/http/httputil",
	"net/url",
	"os",
	"os/signal",
	"path",
	"path/filepath",
	"runtime",
	"slices",
	"sort",
	"strconv",
	"strings",
	"sync",
	"sync/atomic",
	"syscall",
	"testing",
	"time",
	"unicode/utf8",

	"github.com/avast/retry-go/v4",
	"github.com/cenkalti/backoff/v4",
	"github.com/cenkalti/backoff/v5",
	"github.com/hashicorp/go-retryablehttp",
	"github.com/sethvargo/go-retry",
}

// Header is the first line of the output, as JSON; the embedded bundle
// follows it. The playground checks it against the versions it was built
// with, and a test fails when it is stale.
type Header struct {
	Format   string            `json:"format"`
	Go       string            `json:"go"`
	Modules  map[string]string `json:"modules"`
	Packages []Package         `json:"packages"`
}

// Package locates one package's export data (as written by
// gcexportdata.Write) in the bytes after the header line.
type Package struct {
	Path   string `json:"path"`
	Offset int    `json:"offset"`
	Size   int    `json:"size"`
}

// Format names the layout of the file; bump it when the layout changes.
const Format = "nines-exportdata/1"

func main() {
	out := flag.String("o", "exportdata.bin", "output file")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	goroot, modcache, err := goEnv("GOROOT", "GOMODCACHE")
	if err != nil {
		return err
	}
	cfg := &packages.Config{
		Fset: token.NewFileSet(),
		// Positions are written into the export data: name files relative
		// to GOROOT or the module cache, so the output is the same on every
		// machine.
		ParseFile: func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
			return parser.ParseFile(fset, portableName(filename, goroot, modcache), src, parser.SkipObjectResolution)
		},
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
		// One platform, and no cgo, so that the output does not depend on
		// the machine that runs go generate. The CLI is usually run on
		// linux/amd64 too, so the page sees the same declarations.
		Env: append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0"),
	}
	pkgs, err := packages.Load(cfg, roots...)
	if err != nil {
		return fmt.Errorf("loading packages: %w", err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		return fmt.Errorf("loading packages: errors above")
	}
	slices.SortFunc(pkgs, func(a, b *packages.Package) int { return strings.Compare(a.PkgPath, b.PkgPath) })

	h := Header{Format: Format, Go: runtime.Version(), Modules: map[string]string{}}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "golang.org/x/tools" {
				h.Modules[d.Path] = d.Version
			}
		}
	}
	var data bytes.Buffer
	for _, p := range pkgs {
		if p.Module != nil {
			h.Modules[p.Module.Path] = p.Module.Version
		}
		start := data.Len()
		if err := gcexportdata.Write(&data, cfg.Fset, p.Types); err != nil {
			return fmt.Errorf("writing export data of %s: %w", p.PkgPath, err)
		}
		h.Packages = append(h.Packages, Package{Path: p.PkgPath, Offset: start, Size: data.Len() - start})
	}

	line, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("encoding header: %w", err)
	}
	file := append(append(line, '\n'), data.Bytes()...)
	if err := os.WriteFile(out, file, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	return nil
}

func goEnv(names ...string) (string, string, error) {
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		return "", "", fmt.Errorf("running go env: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return "", "", fmt.Errorf("running go env: unexpected output %q", out)
	}
	return lines[0], lines[1], nil
}

// portableName turns an absolute file name into one that does not depend on
// where Go and the module cache are installed.
func portableName(name, goroot, modcache string) string {
	name = filepath.ToSlash(name)
	if rest, ok := strings.CutPrefix(name, filepath.ToSlash(goroot)+"/src/"); ok {
		return rest
	}
	if rest, ok := strings.CutPrefix(name, filepath.ToSlash(modcache)+"/"); ok {
		return rest
	}
	return filepath.Base(name)
}
