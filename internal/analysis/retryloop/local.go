package retryloop

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// localPackages are the packages whose calls act on this machine alone:
// the file system (os, io/fs, path/filepath), file-change notification
// (fsnotify). Package io is not among them: its readers and writers may
// be network connections. A retry of one of them waits for the disk
// or another local process (a file to reappear, a lock to be let go of),
// which no other client shares and no network carries.
var localPackages = map[string]bool{
	"os":                           true,
	"io":                           true,
	"io/fs":                        true,
	"io/ioutil":                    true,
	"path/filepath":                true,
	"github.com/fsnotify/fsnotify": true,
}

// inertPackages are packages a helper may call on its way to a local
// operation without reaching any peer: formatting, errors, logging to
// the process's own output, the clock, in-memory data structures.
var inertPackages = map[string]bool{
	"errors": true, "fmt": true, "strings": true, "strconv": true, "bytes": true,
	"path": true, "sort": true, "slices": true, "maps": true, "sync": true,
	"sync/atomic": true, "log": true, "log/slog": true, "time": true, "unicode": true,
	"unicode/utf8": true,
}

// LocalOnly reports a retry loop whose every attempt stays on this
// machine: a call into a local package (os.Stat, os.Rename, fsnotify's
// Watcher.Add), or a call of a function declared in the package being
// analysed whose body calls a local package and otherwise only inert ones
// (fmt, errors, log, time) and, in turn, such functions. A body that calls
// no local package (a stub, a check of fields) is not known to be local. Such a loop waits for the
// file system or another process here, not for a remote peer, so there is
// no shared dependency to hammer and no fleet to keep in step.
//
// It does not see a path that is a network file system's mount, a named
// pipe or device file that leads to a peer, or a helper of another
// package (its body is not read); a method called through an interface or
// a function value is never local.
func LocalOnly(pass *analysis.Pass, r *Retry) bool {
	if r.Kind != Loop || len(r.Attempts) == 0 || pass.TypesInfo == nil {
		return false
	}
	l := &localJudge{pass: pass, memo: map[*types.Func]bool{}}
	for _, a := range r.Attempts {
		if !l.call(a) {
			return false
		}
	}
	return true
}

type localJudge struct {
	pass  *analysis.Pass
	decls map[*types.Func]*ast.FuncDecl
	memo  map[*types.Func]bool
}

// call reports whether a call stays on this machine.
func (l *localJudge) call(call *ast.CallExpr) bool {
	info := l.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return true
	}
	pkg, _, fn := knowledge.Callee(info, call)
	if localPackages[pkg] {
		return true
	}
	if fn == nil || fn.Pkg() != l.pass.Pkg {
		return false
	}
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isIface := info.TypeOf(sel.X).Underlying().(*types.Interface); isIface {
			return false
		}
	}
	return l.fn(fn)
}

// fn reports whether a function of the package calls only local and inert
// packages and such functions. A function being judged counts as local
// while it is (recursion adds no call of its own).
func (l *localJudge) fn(fn *types.Func) bool {
	if v, ok := l.memo[fn]; ok {
		return v
	}
	if l.decls == nil {
		l.decls = map[*types.Func]*ast.FuncDecl{}
		for _, f := range l.pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					if obj, ok := l.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
						l.decls[obj] = fd
					}
				}
			}
		}
	}
	fd := l.decls[fn.Origin()]
	if fd == nil {
		l.memo[fn] = false
		return false
	}
	l.memo[fn] = true
	ok, touches := true, false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			ok = false
		case *ast.CallExpr:
			pkg, _, callee := knowledge.Callee(l.pass.TypesInfo, n)
			switch {
			case localPackages[pkg]:
				touches = true
			case inertPackages[pkg] || universeMethod(l.pass.TypesInfo, n):
			case l.call(n):
				touches = touches || (callee != nil && callee != fn)
			default:
				ok = false
			}
		}
		return ok
	})
	// A body that calls no local package at all (a stub returning nil, a
	// check of fields) says nothing about where its answer comes from.
	ok = ok && touches
	l.memo[fn] = ok
	return ok
}

// universeMethod reports a call of a method of a predeclared type (the
// Error method of an error value).
func universeMethod(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	return ok && fn.Pkg() == nil
}

// LoopbackOnly reports a retry loop whose every attempt is sent to a
// loopback address written in the code (harness.SendsToLoopback): a URL
// or address argument (http.Get("http://localhost:" + port), an
// httptest.Server's URL), or the URL of the request it sends when that
// request is built in the function with http.NewRequest or
// NewRequestWithContext. Such a loop waits for a process on this machine
// (a mock server it started, a sidecar of its own), which no other client
// shares.
func LoopbackOnly(info *types.Info, stores *structlit.Stores, r *Retry) bool {
	if r.Kind != Loop || len(r.Attempts) == 0 || r.Enclosing == nil {
		return false
	}
	for _, a := range r.Attempts {
		if !harness.SendsToLoopback(info, stores, r.Enclosing, a) {
			return false
		}
	}
	return true
}
