package harness

// This file tells, from what the code shows, whether an address or a
// listener stays on this machine: a dial to 127.0.0.1 or a server bound to
// localhost talks to the program itself or to a process beside it, as a
// test talks to its fixtures. dialtimeout and servertimeout read it.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"net"
	"net/url"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// maxDepth bounds how many variables LoopbackAddress and LocalListener
// follow back to their values.
const maxDepth = 4

// LoopbackAddress reports whether every value the address expression e can
// have names a loopback host, as host:port or in a URL ("127.0.0.1:8126",
// "http://localhost:" + port, "localhost:" + port,
// net.JoinHostPort("::1", port), fmt.Sprintf("127.0.0.1:%d", port)),
// following local and unexported package variables through stores. An
// address whose host is not written in the code (a setting, a parameter)
// is not loopback: it may point anywhere in production. One that the
// operator may override but that defaults to loopback in the code is
// loopback: a flag whose default is (*addr, addr := flag.String("http",
// "localhost:6060", ...)), a variable or field that only flag.StringVar
// registrations write (flag.StringVar(&args.Bind, "bind", "127.0.0.1",
// ...)), the same with spf13/pflag, which cobra commands use (String,
// StringP, StringVar, StringVarP; knowledge.StringFlags), a value read
// back by the flag's name (a, _ := cmd.Flags().GetString("addr")) when
// every registration of that name defaults to loopback, or a variable
// read from the environment and
// set to a loopback address when that is empty (addr := os.Getenv("ADDR");
// if addr == "" { addr = "127.0.0.1:3000" }). As shipped the program
// binds or dials this machine only; whoever points it elsewhere chose to.
// An httptest.Server's URL is loopback, and so is a concatenation that
// starts with a loopback base URL or host (srv.URL + "/api", "http://" +
// net.JoinHostPort("localhost", port) + path).
// The host may be a variable too, in net.JoinHostPort(host, port),
// fmt.Sprintf("%s:%d", host, port) or fmt.Sprintf("http://%s/x", hostport),
// and cmp.Or(os.Getenv("HOST"), "localhost") is a loopback default. A
// parameter is loopback only when its function is unexported, never used
// as a value, and every call in the package passes a loopback address
// (structlit.Stores.ParamArgs); a parameter of an exported function, or one
// the function assigns, is never loopback: its value is a caller's the
// package cannot see.
func LoopbackAddress(info *types.Info, stores *structlit.Stores, e ast.Expr) bool {
	return loopback(info, stores, e, 0)
}

func loopback(info *types.Info, stores *structlit.Stores, e ast.Expr, depth int) bool {
	if e == nil || depth > maxDepth {
		return false
	}
	e = ast.Unparen(e)
	if host, ok := hostPrefix(info, e); ok {
		return Loopback(host)
	}
	if httptestURL(info, e) {
		return true
	}
	if b, ok := e.(*ast.BinaryExpr); ok && b.Op == token.ADD {
		// base + path, "http://" + hostport + path: the host is in the
		// first operand, or after a constant scheme.
		ops := concatOperands(b)
		if s, ok := constString(info, ops[0]); ok && strings.HasSuffix(s, "://") && len(ops) > 1 {
			return loopback(info, stores, ops[1], depth)
		}
		if _, ok := constString(info, ops[0]); !ok {
			return loopback(info, stores, ops[0], depth)
		}
		return false
	}
	if call, ok := e.(*ast.CallExpr); ok {
		if local, known := loopbackCall(info, stores, call, depth); known {
			return local
		}
	}
	if local, known := flagBound(info, stores, e, depth); known {
		return local
	}
	if id, ok := e.(*ast.Ident); ok {
		if p, ok := info.Uses[id].(*types.Var); ok && p.Kind() == types.ParamVar {
			// A parameter of an unexported function is loopback when every
			// call in the package passes a loopback address.
			args, ok := stores.ParamArgs(p)
			if !ok {
				return false
			}
			for _, arg := range args {
				if !loopback(info, stores, arg, depth+1) {
					return false
				}
			}
			return true
		}
	}
	if sel, ok := e.(*ast.SelectorExpr); ok {
		// d.Address, where d := Dialer{Address: "127.0.0.1:3013"}.
		return fieldOfLiterals(info, stores, sel, func(v ast.Expr) bool { return loopback(info, stores, v, depth+1) })
	}
	if star, ok := e.(*ast.StarExpr); ok {
		// *addr, where addr := flag.String(name, default, usage).
		return everyValue(info, stores, ast.Unparen(star.X), func(st structlit.Store) bool {
			def := flagDefault(info, st.Rhs)
			return st.Result < 0 && def != nil && loopback(info, stores, def, depth+1)
		})
	}
	defaults := 0
	every := everyValue(info, stores, e, func(st structlit.Store) bool {
		if fromEnvironment(info, st) {
			return true
		}
		if st.Result == 0 {
			// a, err := cmd.Flags().GetString("http-address"): the
			// default of every registration of that flag.
			if defs := flagLookupDefaults(info, stores, st.Rhs); len(defs) > 0 {
				for _, d := range defs {
					if !loopback(info, stores, d, depth+1) {
						return false
					}
				}
				defaults++
				return true
			}
		}
		if st.Result < 0 && loopback(info, stores, st.Rhs, depth+1) {
			defaults++
			return true
		}
		return false
	})
	return every && defaults > 0
}

// concatOperands returns the operands of a chain of string concatenations
// in order: a + b + c is ((a + b) + c).
func concatOperands(b *ast.BinaryExpr) []ast.Expr {
	var ops []ast.Expr
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.ADD {
			walk(b.X)
			walk(b.Y)
			return
		}
		ops = append(ops, ast.Unparen(e))
	}
	walk(b)
	return ops
}

// httptestURL reports srv.URL for an *httptest.Server srv: it always
// listens on a loopback address.
func httptestURL(info *types.Info, e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "URL" {
		return false
	}
	t := info.TypeOf(sel.X)
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http/httptest" && n.Obj().Name() == "Server"
}

// loopbackCall answers for an address built by a call from a host that is
// not a constant: net.JoinHostPort(host, port) and fmt.Sprintf("%s:%d",
// host, port) or ("http://%s/path", hostport) are loopback when their host
// is; cmp.Or(os.Getenv("HOST"), "localhost") is when its every argument is
// loopback or read from the environment, and one is loopback. known is
// false for any other call. Descending into a call's arguments keeps
// depth, which counts the variables followed: the syntax tree is finite.
func loopbackCall(info *types.Info, stores *structlit.Stores, call *ast.CallExpr, depth int) (local, known bool) {
	pkg, name, _ := knowledge.Callee(info, call)
	switch {
	case pkg == "net" && name == "JoinHostPort" && len(call.Args) == 2:
		return loopback(info, stores, call.Args[0], depth), true
	case pkg == "fmt" && name == "Sprintf" && len(call.Args) >= 2:
		format, ok := constString(info, call.Args[0])
		i := strings.IndexByte(format, '%')
		if !ok || i < 0 {
			return false, false
		}
		prefix, verb := format[:i], format[i:]
		if (prefix == "" || strings.HasSuffix(prefix, "://")) && (strings.HasPrefix(verb, "%s") || strings.HasPrefix(verb, "%v")) {
			return loopback(info, stores, call.Args[1], depth), true
		}
	case pkg == "cmp" && name == "Or" && len(call.Args) > 0:
		defaults := 0
		for _, arg := range call.Args {
			switch {
			case fromEnvironment(info, structlit.Store{Rhs: arg, Result: -1}):
			case loopback(info, stores, arg, depth):
				defaults++
			default:
				return false, true
			}
		}
		return defaults > 0, true
	}
	return false, false
}

// fieldOfLiterals reports whether x.f, with x a local or unexported
// package variable whose every store is a composite literal (or its
// address) and whose f the package never assigns, is set by each of those
// literals to a value that satisfies ok.
func fieldOfLiterals(info *types.Info, stores *structlit.Stores, sel *ast.SelectorExpr, ok func(ast.Expr) bool) bool {
	id, isIdent := ast.Unparen(sel.X).(*ast.Ident)
	if !isIdent {
		return false
	}
	v, isVar := info.Uses[id].(*types.Var)
	if !isVar || stores.VarFieldAssigned(v, sel.Sel.Name) {
		return false
	}
	return everyValue(info, stores, id, func(st structlit.Store) bool {
		lit := literalOf(st.Rhs)
		if st.Result >= 0 || lit == nil {
			return false
		}
		val := structlit.Field(info, lit, sel.Sel.Name)
		return val != nil && ok(val)
	})
}

// literalOf returns the composite literal e is, or whose address it takes.
func literalOf(e ast.Expr) *ast.CompositeLit {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}

// LoopbackConfig reports whether e is a struct literal, or a variable whose
// every store is one, that names a peer only through string fields holding
// loopback addresses, at least one (Dialer{Address: "127.0.0.1:3013",
// User: "test"}): handed to a call, it points the call at this machine.
// A field holding any other host, or one the literal takes from elsewhere,
// is not judged: only constant addresses count.
func LoopbackConfig(info *types.Info, stores *structlit.Stores, e ast.Expr) bool {
	var holder *types.Var // the variable holding the literal, if any
	judge := func(lit *ast.CompositeLit) bool {
		if lit == nil {
			return false
		}
		local := false
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if key, ok := kv.Key.(*ast.Ident); ok && holder != nil && stores.VarFieldAssigned(holder, key.Name) {
				return false // changed after the literal
			}
			s, ok := constString(info, kv.Value)
			if !ok {
				continue
			}
			host, ok := hostPrefix(info, kv.Value)
			if !ok || !strings.ContainsAny(s, ":/") {
				continue // not an address: a user name, a password
			}
			if !Loopback(host) {
				return false
			}
			local = true
		}
		return local
	}
	e = ast.Unparen(e)
	if lit := literalOf(e); lit != nil {
		return judge(lit)
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	holder, _ = info.Uses[id].(*types.Var)
	return everyValue(info, stores, e, func(st structlit.Store) bool {
		return st.Result < 0 && judge(literalOf(st.Rhs))
	})
}

// flagBound answers for a variable or field that only flag registrations
// write (structlit.Stores.FlagDefaults): loopback when every default is.
// known is false for anything else.
func flagBound(info *types.Info, stores *structlit.Stores, e ast.Expr, depth int) (local, known bool) {
	var obj types.Object
	switch e := e.(type) {
	case *ast.Ident:
		obj = info.Uses[e]
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			obj = sel.Obj()
		}
	}
	if _, isVar := obj.(*types.Var); !isVar {
		return false, false
	}
	defaults := stores.FlagDefaults(obj)
	if len(defaults) == 0 {
		return false, false
	}
	for _, d := range defaults {
		if !loopback(info, stores, d, depth+1) {
			return false, true
		}
	}
	return true, true
}

// flagLookupDefaults returns the defaults of the flags a lookup by name
// (knowledge.StringFlagLookup: pflag's GetString) with a constant name
// reads, or nil.
func flagLookupDefaults(info *types.Info, stores *structlit.Stores, e ast.Expr) []ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	pkg, name, fn := knowledge.Callee(info, call)
	if fn == nil || fn.Signature().Recv() == nil {
		return nil
	}
	recv := fn.Signature().Recv().Type()
	if p, ok := types.Unalias(recv).(*types.Pointer); ok {
		recv = p.Elem()
	}
	n, ok := types.Unalias(recv).(*types.Named)
	if !ok || !knowledge.StringFlagLookup(pkg, n.Obj().Name(), name, len(call.Args)) {
		return nil
	}
	flag, ok := constString(info, call.Args[0])
	if !ok {
		return nil
	}
	return stores.FlagDefaultsNamed(flag)
}

// flagDefault returns the default value argument of a call that registers
// a string flag and returns its *string (flag.String, pflag's String and
// StringP, as functions or *FlagSet methods; knowledge.StringFlags), or
// nil.
func flagDefault(info *types.Info, e ast.Expr) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	reg, ok := knowledge.LookupStringFlag(fn.Pkg().Path(), fn.Name(), len(call.Args))
	if !ok || reg.Target >= 0 {
		return nil
	}
	return call.Args[reg.Default]
}

// fromEnvironment reports a store of an environment variable's value
// (os.Getenv, or the value os.LookupEnv returns first).
func fromEnvironment(info *types.Info, st structlit.Store) bool {
	call, ok := ast.Unparen(st.Rhs).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "os" {
		return false
	}
	return fn.Name() == "Getenv" && st.Result < 0 || fn.Name() == "LookupEnv" && st.Result == 0
}

// hostPrefix returns the host an address expression begins with, when the
// expression writes it as a constant: a constant address, a concatenation
// starting with "host:", net.JoinHostPort with a constant host, or
// fmt.Sprintf with a format starting with "host:".
func hostPrefix(info *types.Info, e ast.Expr) (string, bool) {
	if s, ok := constString(info, e); ok {
		if strings.Contains(s, "://") {
			u, err := url.Parse(s)
			if err != nil || u.Host == "" {
				return "", false
			}
			return u.Hostname(), true
		}
		host, _, err := net.SplitHostPort(s)
		if err != nil && (!strings.Contains(s, ":") || net.ParseIP(strings.Trim(s, "[]")) != nil) {
			return s, s != "" // a bare host: "localhost", "::1"
		}
		return host, err == nil
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		if s, ok := constString(info, e.X); ok {
			return hostOfPrefix(s)
		}
		if x, ok := ast.Unparen(e.X).(*ast.BinaryExpr); ok {
			return hostPrefix(info, x)
		}
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, e).(*types.Func)
		if fn == nil || fn.Pkg() == nil || len(e.Args) == 0 {
			return "", false
		}
		switch {
		case fn.Pkg().Path() == "net" && fn.Name() == "JoinHostPort":
			return constString(info, e.Args[0])
		case fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf":
			format, ok := constString(info, e.Args[0])
			if !ok {
				return "", false
			}
			if i := strings.IndexByte(format, '%'); i >= 0 {
				format = format[:i]
			}
			return hostOfPrefix(format)
		}
	}
	return "", false
}

// hostOfPrefix returns the host of the start of an address, "host:" or
// "[v6]:", which the rest of the expression completes with a port.
func hostOfPrefix(s string) (string, bool) {
	if i := strings.Index(s, "://"); i >= 0 {
		// A URL: "http://localhost:" + port, "http://127.0.0.1:%d/ready".
		s = s[i+len("://"):]
		if j := strings.IndexAny(s, "/?#"); j >= 0 {
			s = s[:j]
			if !strings.Contains(s, ":") {
				return s, s != ""
			}
		}
		if j := strings.LastIndexByte(s, '@'); j >= 0 {
			s = s[j+1:]
		}
	}
	if strings.HasPrefix(s, "[") {
		if i := strings.Index(s, "]:"); i >= 0 {
			return s[1:i], true
		}
		return "", false
	}
	i := strings.IndexByte(s, ':')
	if i < 0 || strings.Count(s, ":") > 1 {
		return "", false
	}
	return s[:i], true
}

func constString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// LocalListener reports whether every value the listener expression e can
// have comes from net.Listen (or a net.ListenConfig's Listen, or
// tls.Listen) on a Unix domain socket or on a loopback address: a server
// serving it is not reachable from the network.
func LocalListener(info *types.Info, stores *structlit.Stores, e ast.Expr) bool {
	return localListener(info, stores, e, 0)
}

func localListener(info *types.Info, stores *structlit.Stores, e ast.Expr, depth int) bool {
	if e == nil || depth > maxDepth {
		return false
	}
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		return localListen(info, stores, call)
	}
	if sel, ok := e.(*ast.SelectorExpr); ok {
		// s.listener, an unexported field whose every store is a local
		// listener.
		return everyFieldValue(info, stores, sel, func(st structlit.Store) bool {
			return st.Result <= 0 && localListener(info, stores, st.Rhs, depth+1)
		})
	}
	return everyValue(info, stores, e, func(st structlit.Store) bool {
		return localListener(info, stores, st.Rhs, depth+1)
	})
}

// everyFieldValue reports whether sel selects a field the package alone
// can store into (unexported, not embedded) whose every store was seen,
// has a value, and satisfies ok.
func everyFieldValue(info *types.Info, stores *structlit.Stores, sel *ast.SelectorExpr, ok func(structlit.Store) bool) bool {
	selection := info.Selections[sel]
	if selection == nil || selection.Kind() != types.FieldVal || stores == nil {
		return false
	}
	f, isVar := selection.Obj().(*types.Var)
	if !isVar {
		return false
	}
	return allStores(stores.OfField(f), ok)
}

// allStores reports whether vs holds stores, all seen, each with a value
// that satisfies ok.
func allStores(vs *structlit.VarStores, ok func(structlit.Store) bool) bool {
	if vs == nil || vs.Opaque || len(vs.Values) == 0 {
		return false
	}
	for _, st := range vs.Values {
		if st.Rhs == nil || !ok(st) {
			return false
		}
	}
	return true
}

// everyValue reports whether e is a local or unexported package variable
// whose every store was seen, has a value, and satisfies ok.
func everyValue(info *types.Info, stores *structlit.Stores, e ast.Expr, ok func(structlit.Store) bool) bool {
	id, isIdent := e.(*ast.Ident)
	if !isIdent || stores == nil {
		return false
	}
	v, isVar := info.Uses[id].(*types.Var)
	if !isVar || v.IsField() || v.Exported() && v.Kind() == types.PackageVar {
		return false
	}
	if k := v.Kind(); k == types.ParamVar || k == types.RecvVar {
		// A parameter holds what the caller passes before any store seen
		// here: if addr == "" { addr = "localhost:80" } is a default for
		// one caller, not every value.
		return false
	}
	return allStores(stores.Of(v), ok)
}

// localListen reports a call of net.Listen, tls.Listen or
// (*net.ListenConfig).Listen whose network is a Unix domain socket or
// whose address is loopback.
func localListen(info *types.Info, stores *structlit.Stores, call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Name() != "Listen" {
		return false
	}
	args := call.Args
	switch path := fn.Pkg().Path(); {
	case path == "net" && fn.Signature().Recv() != nil:
		if len(args) < 3 {
			return false
		}
		args = args[1:] // after the context
	case path == "net" || path == "crypto/tls":
	default:
		return false
	}
	if len(args) < 2 {
		return false
	}
	if network, ok := constString(info, args[0]); ok && strings.HasPrefix(network, "unix") {
		return true
	}
	return LoopbackAddress(info, stores, args[1])
}

// SendsToLoopback reports whether call, in the function encl, sends to a
// loopback address (LoopbackAddress): an argument that is one (a URL or
// host:port), or a request variable set once in encl by http.NewRequest or
// NewRequestWithContext with such a URL.
func SendsToLoopback(info *types.Info, stores *structlit.Stores, encl ast.Node, call *ast.CallExpr) bool {
	for _, arg := range call.Args {
		if LoopbackAddress(info, stores, arg) || LoopbackConfig(info, stores, arg) {
			return true
		}
		id, ok := ast.Unparen(arg).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			continue
		}
		if u := requestURL(info, encl, v); u != nil && LoopbackAddress(info, stores, u) {
			return true
		}
	}
	return false
}

// requestURL returns the URL argument of the http.NewRequest or
// NewRequestWithContext call that v, a request variable, is set from in
// encl, when that is its only assignment.
func requestURL(info *types.Info, encl ast.Node, v *types.Var) ast.Expr {
	var url ast.Expr
	sets := 0
	ast.Inspect(encl, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) == 0 {
			return true
		}
		for i, l := range as.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok || info.ObjectOf(id) != v {
				continue
			}
			sets++
			if i != 0 || len(as.Rhs) != 1 {
				continue
			}
			c, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
			if !ok {
				continue
			}
			pkg, name, _ := knowledge.Callee(info, c)
			switch {
			case pkg == "net/http" && name == "NewRequest" && len(c.Args) == 3:
				url = c.Args[1]
			case pkg == "net/http" && name == "NewRequestWithContext" && len(c.Args) == 4:
				url = c.Args[2]
			}
		}
		return true
	})
	if sets != 1 {
		return nil
	}
	return url
}
