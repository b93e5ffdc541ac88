package harness

import (
	"bufio"
	"bytes"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
)

// This file finds the test-support packages that no name shows: a package
// that the code of its module imports only from tests. go-mail's smtp
// mock, a "mock" package with a device simulator, an "integration"
// package with a fake server: each is imported by _test.go files of other
// packages and by nothing that ships, so the network waits in it reach
// fixtures the tests start. The importers of a package are analyzed after
// it, so facts cannot carry this; the module's files can. Every driver
// reads the same files, so nines vet, go vet -vettool and the golangci-lint
// plugin agree.
//
// A package counts as test support by its importers when, in the module
// that holds it (the nearest go.mod above its directory):
//
//   - it is not the module's root package (the module's face to its
//     users, whatever imports it) and its own _test.go files declare no
//     Example function (examples document a package for its users);
//   - at least one file outside the package's own directory imports it;
//   - every such file is a _test.go file without Example functions, or a
//     file of a package that is test support itself (by its name, or by
//     this rule).
//
// The package's own _test.go files (an external test package) neither
// count for nor against it: a public package tested only by itself is a
// public package. Directories the go command leaves out of ./... (testdata,
// vendor, names beginning with "." or "_") and nested modules are not read.
// A file whose build constraints exclude it from every build (a generator
// run with go run) still counts as an importer that ships.
//
// What it cannot see: a public package without examples that the
// module's own code imports only from tests of other packages (a library's
// subpackage that nothing else inside the module uses) is taken for test
// support; a package with no importer in its module is judged as
// shipped code, whatever its purpose. A cache that keys a package's
// findings on its own inputs (go vet's, golangci-lint's) keeps the old
// findings of a package whose importers changed until its own files or
// the tool change; nines vet's cache compares SupportByImporters.

// headBytes is how much of a file is read first to find its imports; the
// rest is read only when the import block does not end within it.
const headBytes = 16 << 10

// moduleImports is what the files of one module import.
type moduleImports struct {
	path string // the module's path
	root string // its directory
	// importers maps a package path of the module to the files that
	// import it, as (directory relative to root, test file) pairs.
	importers map[string][]importerFile
	// names maps a directory relative to root to the package name its
	// non-test files declare.
	names map[string]string
	// examples holds the directories whose _test.go files have Example
	// functions: documentation for the package's users.
	examples map[string]bool
	// support memoizes supportByImporters per package path.
	support map[string]bool
}

type importerFile struct {
	dir  string
	test bool // a _test.go file without Example functions
}

var (
	modulesMu sync.Mutex
	modules   = map[string]*moduleImports{} // by module root
)

// supportByImporters reports whether the package of the files named
// (absolute paths of the package's non-test .go files) is a test-support
// package by its importers. It reads the module's files once per process.
func supportByImporters(files []string) bool {
	dir := ""
	for _, f := range files {
		if strings.HasSuffix(f, ".go") && filepath.IsAbs(f) {
			dir = filepath.Dir(f)
			break
		}
	}
	if dir == "" {
		return false
	}
	root := moduleRoot(dir)
	if root == "" {
		return false
	}
	modulesMu.Lock()
	defer modulesMu.Unlock()
	m := moduleAt(root)
	if m == nil {
		return false
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return false
	}
	return m.supportPkg(m.pkgPath(filepath.ToSlash(rel)), map[string]bool{})
}

// moduleAt returns the imports of the module rooted at root, reading them
// on first use; modulesMu is held.
func moduleAt(root string) *moduleImports {
	m, ok := modules[root]
	if !ok {
		m = readModuleImports(root)
		modules[root] = m
	}
	return m
}

// moduleRoot returns the nearest directory at or above dir holding a
// go.mod file, or "".
func moduleRoot(dir string) string {
	for {
		if st, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !st.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func (m *moduleImports) pkgPath(rel string) string {
	if rel == "." || rel == "" {
		return m.path
	}
	return m.path + "/" + rel
}

// relDir returns the directory of a package path of the module, relative
// to its root, and whether the path is in the module.
func (m *moduleImports) relDir(pkg string) (string, bool) {
	if pkg == m.path {
		return ".", true
	}
	if rest, ok := strings.CutPrefix(pkg, m.path+"/"); ok {
		return rest, true
	}
	return "", false
}

// supportPkg applies the rule to a package path of the module; visiting
// guards against import cycles through test files' packages.
func (m *moduleImports) supportPkg(pkg string, visiting map[string]bool) bool {
	if v, ok := m.support[pkg]; ok {
		return v
	}
	rel, ok := m.relDir(pkg)
	if !ok || visiting[pkg] {
		return false
	}
	visiting[pkg] = true
	v := m.supportByName(rel) || rel != "." && !m.examples[rel] && m.onlyTestImporters(pkg, rel, visiting)
	delete(visiting, pkg)
	m.support[pkg] = v
	return v
}

// supportByName is the name rule of supportPackage, for a directory of
// the module.
func (m *moduleImports) supportByName(rel string) bool {
	if testWord(m.names[rel]) {
		return true
	}
	if rel == "." {
		return false
	}
	for _, elem := range strings.Split(rel, "/") {
		if elem != "testdata" && testWord(elem) {
			return true
		}
	}
	return false
}

func (m *moduleImports) onlyTestImporters(pkg, rel string, visiting map[string]bool) bool {
	outside := 0
	for _, imp := range m.importers[pkg] {
		if imp.dir == rel {
			continue // the package's own tests
		}
		outside++
		if imp.test {
			continue
		}
		if !m.supportPkg(m.pkgPath(imp.dir), visiting) {
			return false
		}
	}
	return outside > 0
}

// readModuleImports reads the import declarations of every .go file of the
// module rooted at root, or returns nil when its go.mod names no module.
func readModuleImports(root string) *moduleImports {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil
	}
	modPath := modfile.ModulePath(data)
	if modPath == "" {
		return nil
	}
	m := &moduleImports{
		path:      modPath,
		root:      root,
		importers: map[string][]importerFile{},
		names:     map[string]string{},
		examples:  map[string]bool{},
		support:   map[string]bool{},
	}
	buf := make([]byte, headBytes)
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable entry: read what can be read
		}
		name := d.Name()
		if d.IsDir() {
			if p == root {
				return nil
			}
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if st, err := os.Stat(filepath.Join(p, "go.mod")); err == nil && !st.IsDir() {
				return filepath.SkipDir // a nested module
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		test := strings.HasSuffix(name, "_test.go")
		f, ok := readImports(p, test, buf)
		if !ok {
			return nil
		}
		if !test {
			m.names[rel] = f.pkg
		}
		example := f.example
		if example {
			m.examples[rel] = true
		}
		for _, ip := range f.imports {
			if ip != modPath && !strings.HasPrefix(ip, modPath+"/") {
				continue
			}
			m.importers[path.Clean(ip)] = append(m.importers[path.Clean(ip)], importerFile{dir: rel, test: test && !example})
		}
		return nil
	})
	return m
}

// fileImports is what readImports finds in a file.
type fileImports struct {
	pkg     string   // the package clause's name
	imports []string // import paths
	example bool     // a test file declares an Example function
}

// readImports reads a file's package clause and imports from its head
// when the head holds them (reading the whole file otherwise), and for a
// test file streams the rest looking for an Example function, so that no
// more than buf is held at a time. buf is reused between files.
func readImports(name string, test bool, buf []byte) (fileImports, bool) {
	fh, err := os.Open(name)
	if err != nil {
		return fileImports{}, false
	}
	defer fh.Close()
	n, err := io.ReadFull(fh, buf)
	src := buf[:n]
	whole := err != nil // io.EOF or io.ErrUnexpectedEOF: the head is the file
	if !whole && !importsEnd(src) {
		rest, err := io.ReadAll(fh)
		if err != nil {
			return fileImports{}, false
		}
		src = append(slices.Clip(src), rest...)
		whole = true
	}
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
	if err != nil {
		return fileImports{}, false
	}
	out := fileImports{pkg: f.Name.Name}
	for _, spec := range f.Imports {
		if ip, err := strconv.Unquote(spec.Path.Value); err == nil {
			out.imports = append(out.imports, ip)
		}
	}
	if test {
		out.example = declaresExample(src)
		if !out.example && !whole {
			out.example = streamExample(fh, bytes.HasSuffix(src, []byte("\n")))
		}
	}
	return out, true
}

var exampleDecl = []byte("func Example")

// declaresExample reports a top-level func whose name begins with
// "Example", the form go test runs as an example.
func declaresExample(src []byte) bool {
	for line := range bytes.Lines(src) {
		if bytes.HasPrefix(line, exampleDecl) {
			return true
		}
	}
	return false
}

// streamExample is declaresExample over the rest of a file, read line by
// line through a small buffer; atLineStart says whether what is read
// first begins a line.
func streamExample(r io.Reader, atLineStart bool) bool {
	br := bufio.NewReaderSize(r, 4<<10)
	start := atLineStart
	for {
		line, err := br.ReadSlice('\n')
		if start && bytes.HasPrefix(line, exampleDecl) {
			return true
		}
		switch err {
		case nil:
			start = true
		case bufio.ErrBufferFull:
			start = false // the rest of a long line
		default:
			return false
		}
	}
}

// importsEnd reports whether a head of a Go file holds a top-level
// declaration after its imports, so no import was cut off where the head
// ends: ParseFile with ImportsOnly stops at the first other declaration.
func importsEnd(head []byte) bool {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(head)), head, nil, 0)
	depth := 0
	for {
		_, tok, _ := s.Scan()
		switch tok {
		case token.EOF:
			return false
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		case token.FUNC, token.TYPE, token.VAR, token.CONST:
			if depth == 0 {
				return true
			}
		}
	}
}

// ForgetModules drops what this process has read of modules' files, so
// that a driver running analyses more than once in one process (nines vet
// called again by its tests, a watch loop) reads the files as they are now.
func ForgetModules() {
	modulesMu.Lock()
	defer modulesMu.Unlock()
	clear(modules)
}

// SupportByImporters returns the import paths of the packages of the
// module rooted at root that only their importers make test support (by
// the rule above; packages a name makes test support are left out, as
// their own files say so), sorted. A cache of findings compares it between
// runs: an import added to or removed from one package's file can change
// another package's findings.
func SupportByImporters(root string) []string {
	modulesMu.Lock()
	defer modulesMu.Unlock()
	m := moduleAt(root)
	if m == nil {
		return nil
	}
	var out []string
	for rel, name := range m.names {
		pkg := m.pkgPath(rel)
		if name != "main" && !m.supportByName(rel) && m.supportPkg(pkg, map[string]bool{}) {
			out = append(out, pkg)
		}
	}
	slices.Sort(out)
	return out
}
