// Package harness finds the test-harness code of a package: code that runs
// only under go test and talks to fixtures it starts itself (an httptest
// server, a listener on a free loopback port, a child process, a SQLite
// file in t.TempDir()). A wait there has no peer that can stall it for
// others, and go test's -timeout (10 minutes by default) ends the run that
// hangs, so the timeout and retry findings the analyzers make are not
// defects there. The generated package drops every analyzer's diagnostics
// in harness code through its report hook, so no analyzer decides it for
// itself.
//
// Code is harness code when what its types and names show says so:
//
//   - a function or function literal with a parameter of type *testing.T,
//     *testing.B, *testing.F, *testing.M or testing.TB (a test, a benchmark,
//     a helper given the test), and the methods of a type that holds one of
//     those in a field (a fixture type built around the test);
//   - every file of a test-support package: one whose name, or an element
//     of whose import path below the module, begins or ends with "test"
//     (httptest, servertest, testutil, testingutil, internal/testhelpers),
//     testdata excepted: the go command leaves it out of ./..., so a
//     package there is vetted only when named, as the program it stands
//     for; and one that its module's code imports only from tests (a
//     "mock" or "integration" package used by _test.go files of other
//     packages, importers.go says exactly when);
//   - everything in a _test.go file except Example functions and the
//     functions of the package's _test.go files they call: go test runs
//     tests, but examples are documentation that people copy, and they are
//     judged like any other code.
//
// A diagnostic in harness code is still reported when the call it is on
// names a remote peer in a constant: a URL or host:port argument whose host
// is neither loopback, "localhost", nor unspecified (http.Get of a public
// API in a test waits on a service the test did not start).
//
// What it cannot see: a fixture address that is not a constant (a test
// reading a remote endpoint from an environment variable is taken for
// harness code and not reported); a test-support package named otherwise
// that something besides tests imports, or nothing in its module imports
// (a "mocks" or "fakes" package without a testing parameter is then judged
// as production code, and so is an emulator or benchmark-target program,
// which is a main package nothing imports);
// a package whose name merely ends in "test" ("latest") is taken for a
// test-support package.
package harness

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Code holds the position ranges of a package's harness code.
type Code struct {
	harness [][2]token.Pos
	// keep are the ranges inside harness ranges that are not harness code:
	// Example functions of _test.go files and what they call.
	keep [][2]token.Pos
	// others are the ranges of the package's non-test files when no name
	// makes it a test-support package; byImporters says, when first asked,
	// whether its importers do (importers.go). It reads the module's
	// files, so it waits until a diagnostic in those files asks.
	others      [][2]token.Pos
	otherFiles  []string
	once        sync.Once
	byImporters bool
}

// Contains reports whether pos lies in harness code.
func (c *Code) Contains(pos token.Pos) bool {
	if c == nil {
		return false
	}
	if within(c.harness, pos) && !within(c.keep, pos) {
		return true
	}
	if !within(c.others, pos) {
		return false
	}
	c.once.Do(func() { c.byImporters = supportByImporters(c.otherFiles) })
	return c.byImporters
}

// Empty reports whether the package has no harness code: no test code, no
// code given a test, and no files its importers could make test support.
func (c *Code) Empty() bool { return c == nil || len(c.harness) == 0 && len(c.others) == 0 }

func within(spans [][2]token.Pos, pos token.Pos) bool {
	for _, s := range spans {
		if s[0] <= pos && pos < s[1] {
			return true
		}
	}
	return false
}

func span(n ast.Node) [2]token.Pos { return [2]token.Pos{n.Pos(), n.End()} }

// Find returns the harness code of the package pass analyzes. It reads
// types where the package has them, and names otherwise.
func Find(pass *analysis.Pass) *Code {
	c := &Code{}
	var tests, others []*ast.File
	for _, f := range pass.Files {
		if pass.Fset == nil {
			others = append(others, f)
		} else if tf := pass.Fset.File(f.FileStart); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			tests = append(tests, f)
		} else {
			others = append(others, f)
		}
	}
	if supportPackage(pass, others) {
		for _, f := range others {
			c.harness = append(c.harness, [2]token.Pos{f.FileStart, f.FileEnd})
		}
	} else {
		for _, f := range others {
			c.harness = append(c.harness, testFunctions(pass.TypesInfo, f)...)
			if pass.Fset == nil {
				continue
			}
			if tf := pass.Fset.File(f.FileStart); tf != nil {
				c.others = append(c.others, [2]token.Pos{f.FileStart, f.FileEnd})
				c.otherFiles = append(c.otherFiles, tf.Name())
			}
		}
	}
	for _, f := range tests {
		c.harness = append(c.harness, [2]token.Pos{f.FileStart, f.FileEnd})
	}
	c.keep = examples(pass.TypesInfo, tests)
	return c
}

// supportPackage reports whether the non-test files of a package make a
// test-support package.
func supportPackage(pass *analysis.Pass, files []*ast.File) bool {
	if len(files) == 0 {
		return false
	}
	if pass.Pkg != nil && testWord(pass.Pkg.Name()) {
		return true
	}
	if pass.Pkg != nil {
		path := pass.Pkg.Path()
		if pass.Module != nil && strings.HasPrefix(path, pass.Module.Path+"/") {
			path = strings.TrimPrefix(path, pass.Module.Path+"/")
		} else if pass.Module != nil && path == pass.Module.Path {
			path = ""
		}
		for _, elem := range strings.Split(path, "/") {
			// testdata holds what the go command leaves out of ./...: a
			// package there is vetted only when named, and is then judged
			// as the program it stands for (a demo, a fixture module).
			if elem != "testdata" && testWord(elem) {
				return true
			}
		}
	}
	return false
}

// SupportPackage reports whether pkg, seen from code of module (its path,
// or ""), is a test-support package by the rule supportPackage applies to
// the package analyzed: its name, or an element of its import path below
// the module, begins or ends with "test" (testdata excepted).
func SupportPackage(pkg *types.Package, module string) bool {
	if pkg == nil {
		return false
	}
	if testWord(pkg.Name()) {
		return true
	}
	path := pkg.Path()
	if module != "" && strings.HasPrefix(path, module+"/") {
		path = strings.TrimPrefix(path, module+"/")
	} else if module != "" && path == module {
		return false
	} else {
		return false // another module's package: only its name says
	}
	for _, elem := range strings.Split(path, "/") {
		if elem != "testdata" && testWord(elem) {
			return true
		}
	}
	return false
}

// testWord reports a name that begins or ends with "test", the Go
// convention for test-support packages.
func testWord(name string) bool {
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "test") || strings.HasSuffix(name, "test")
}

// testFunctions returns the ranges of a file's functions that take a
// testing type, of its function literals that do, and of the methods of
// types that hold one in a field.
func testFunctions(info *types.Info, f *ast.File) [][2]token.Pos {
	if info == nil {
		return nil
	}
	var out [][2]token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		switch fn := n.(type) {
		case *ast.FuncDecl:
			if takesTesting(info, fn.Type) || holdsTesting(info, fn) {
				out = append(out, span(fn))
				return false
			}
		case *ast.FuncLit:
			if takesTesting(info, fn.Type) {
				out = append(out, span(fn))
				return false
			}
		}
		return true
	})
	return out
}

func takesTesting(info *types.Info, ft *ast.FuncType) bool {
	if ft.Params == nil {
		return false
	}
	for _, field := range ft.Params.List {
		if IsTestingType(info.TypeOf(field.Type)) {
			return true
		}
	}
	return false
}

// holdsTesting reports a method whose receiver's struct type has a field
// of a testing type.
func holdsTesting(info *types.Info, fd *ast.FuncDecl) bool {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return false
	}
	t := info.TypeOf(fd.Recv.List[0].Type)
	if t == nil {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if IsTestingType(st.Field(i).Type()) {
			return true
		}
	}
	return false
}

// IsTestingType reports *testing.T, *testing.B, *testing.F, *testing.M
// and testing.TB.
func IsTestingType(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "testing" {
		return false
	}
	switch named.Obj().Name() {
	case "T", "B", "F", "M", "TB":
		return true
	}
	return false
}

// examples returns the ranges of the Example functions of the test files
// and of the test files' functions they call, directly or not.
func examples(info *types.Info, files []*ast.File) [][2]token.Pos {
	decls := make(map[types.Object]*ast.FuncDecl)
	var queue []*ast.FuncDecl
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Example") {
				queue = append(queue, fd)
			}
			if info != nil {
				if obj := info.Defs[fd.Name]; obj != nil {
					decls[obj] = fd
				}
			}
		}
	}
	seen := make(map[*ast.FuncDecl]bool)
	var out [][2]token.Pos
	for len(queue) > 0 {
		fd := queue[0]
		queue = queue[1:]
		if seen[fd] {
			continue
		}
		seen[fd] = true
		out = append(out, span(fd))
		if info == nil || fd.Body == nil {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if obj := info.Uses[id]; obj != nil {
					if fn, ok := obj.(*types.Func); ok {
						obj = fn.Origin()
					}
					if callee := decls[obj]; callee != nil && !seen[callee] {
						queue = append(queue, callee)
					}
				}
			}
			return true
		})
	}
	return out
}

// RemotePeer reports whether the innermost call around pos has a constant
// argument naming a host that is not this machine nor a reserved name
// (Reserved): a URL with a host, or a host:port. Harness code that names such a peer waits on a service it did
// not start.
func RemotePeer(pass *analysis.Pass, pos token.Pos) bool {
	if pass.TypesInfo == nil {
		return false
	}
	var call *ast.CallExpr
	for _, f := range pass.Files {
		if pos < f.FileStart || pos >= f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || pos < n.Pos() || pos >= n.End() {
				return false
			}
			if c, ok := n.(*ast.CallExpr); ok {
				call = c
			}
			return true
		})
		break
	}
	if call == nil {
		return false
	}
	for _, arg := range call.Args {
		tv := pass.TypesInfo.Types[arg]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			continue
		}
		if host := peerHost(constant.StringVal(tv.Value)); host != "" && !Local(host) && !Reserved(host) {
			return true
		}
	}
	return false
}

// peerHost returns the host a URL or a host:port names, or "" when s is
// neither.
func peerHost(s string) string {
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil {
			return ""
		}
		return u.Hostname()
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil || port == "" {
		return ""
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return ""
	}
	return host
}

// Local reports whether a host a program dials names this machine: empty
// or unspecified (which dial the local host), or Loopback.
func Local(host string) bool {
	host = strings.Trim(strings.TrimSuffix(strings.ToLower(host), "."), "[]")
	if host == "" {
		return true
	}
	if addr, err := netip.ParseAddr(host); err == nil && addr.IsUnspecified() {
		return true
	}
	return Loopback(host)
}

// Reserved reports a name that RFC 2606 and RFC 6761 set aside so that it
// never names a real service: the top-level domains .test, .example,
// .invalid and .localhost, and example.com, example.net and example.org
// with the names below them. Test code that sends to one talks to a fake
// (a proxy under test, a mock transport), not to a peer it did not start.
func Reserved(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, tld := range []string{"test", "example", "invalid", "localhost"} {
		if host == tld || strings.HasSuffix(host, "."+tld) {
			return true
		}
	}
	for _, d := range []string{"example.com", "example.net", "example.org"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// Loopback reports whether host is "localhost", a name below it, or a
// loopback address: a listener bound there is not reachable from the
// network.
func Loopback(host string) bool {
	host = strings.Trim(strings.TrimSuffix(strings.ToLower(host), "."), "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	if i := strings.IndexByte(host, '%'); i >= 0 {
		host = host[:i] // a zone: fe80::1%lo0
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.IsLoopback()
}
