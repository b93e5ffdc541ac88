// Package exportdata holds the type information (compiler export data) of the
// packages a playground user may import: the standard library packages that
// reliability code uses and the retry and HTTP libraries nines understands.
// The Go worker type-checks the user's files against it, so the browser needs
// no Go toolchain and no network.
//
// exportdata.bin is written by the generator in gen/, a module of its own so
// that the libraries stay out of nines's go.mod. A test fails when it is stale
// for the Go and golang.org/x/tools versions nines is built with.
package exportdata

//go:generate go run -C gen . -o ../exportdata.bin

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
)

//go:embed exportdata.bin
var file []byte

// Format is the layout of exportdata.bin this package reads.
const Format = "nines-exportdata/1"

// Header describes the embedded data: the first line of exportdata.bin.
type Header struct {
	Format   string            `json:"format"`
	Go       string            `json:"go"`      // runtime.Version() of the generator
	Modules  map[string]string `json:"modules"` // module path -> version, x/tools included
	Packages []Package         `json:"packages"`
}

// Package locates one package's export data after the header line.
type Package struct {
	Path   string `json:"path"`
	Offset int    `json:"offset"`
	Size   int    `json:"size"`
}

var parsed = sync.OnceValues(func() (*Header, error) { return parse(file) })

func parse(b []byte) (*Header, error) {
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		return nil, fmt.Errorf("reading export data: no header line")
	}
	h := new(Header)
	if err := json.Unmarshal(b[:nl], h); err != nil {
		return nil, fmt.Errorf("reading export data header: %w", err)
	}
	if h.Format != Format {
		return nil, fmt.Errorf("reading export data: format %q, want %q (run go generate ./internal/exportdata)", h.Format, Format)
	}
	data := b[nl+1:]
	for _, p := range h.Packages {
		if p.Offset < 0 || p.Size < 0 || p.Offset+p.Size > len(data) {
			return nil, fmt.Errorf("reading export data: package %s lies outside the file", p.Path)
		}
	}
	return h, nil
}

// Embedded returns the header of the embedded export data.
func Embedded() (*Header, error) { return parsed() }

// Paths returns the import paths that the embedded data can resolve, sorted.
func Paths() []string {
	h, err := parsed()
	if err != nil {
		return nil
	}
	paths := make([]string, len(h.Packages))
	for i, p := range h.Packages {
		paths[i] = p.Path
	}
	sort.Strings(paths)
	return paths
}

// Importer is a types.Importer over the embedded export data. It decodes a
// package the first time it is imported and keeps it, so that analysing the
// same file again costs only the user's own code. Objects it creates carry
// positions in the FileSet it was made with; keep using that FileSet for the
// user's files too. It is safe for use by one goroutine at a time.
type Importer struct {
	fset    *token.FileSet
	imports map[string]*types.Package // every package decoded so far, partial ones included
	done    map[string]*types.Package // the packages imported through Import
}

// NewImporter returns an Importer that records positions in fset.
func NewImporter(fset *token.FileSet) *Importer {
	return &Importer{fset: fset, imports: map[string]*types.Package{}, done: map[string]*types.Package{}}
}

// ErrNotEmbedded is wrapped by Import's error for a path with no embedded data.
var ErrNotEmbedded = fmt.Errorf("package is not in the playground's export data")

// Import returns the package with the given import path.
func (im *Importer) Import(path string) (*types.Package, error) {
	if p, ok := im.done[path]; ok {
		return p, nil
	}
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	h, err := parsed()
	if err != nil {
		return nil, err
	}
	i := sort.Search(len(h.Packages), func(i int) bool { return h.Packages[i].Path >= path })
	if i == len(h.Packages) || h.Packages[i].Path != path {
		return nil, fmt.Errorf("importing %s: %w", path, ErrNotEmbedded)
	}
	loc := h.Packages[i]
	data := file[bytes.IndexByte(file, '\n')+1:]
	pkg, err := gcexportdata.Read(bytes.NewReader(data[loc.Offset:loc.Offset+loc.Size]), im.fset, im.imports, path)
	if err != nil {
		return nil, fmt.Errorf("importing %s: %w", path, err)
	}
	im.done[path] = pkg
	return pkg, nil
}
