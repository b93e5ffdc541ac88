package httpclienttimeout

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"strings"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// bodyReads are the methods that read a stream piece by piece; called in a
// loop on a reader of a response body, they read a stream or a long poll.
var bodyReads = map[string]bool{
	"Scan": true, "ReadString": true, "ReadBytes": true, "ReadLine": true, "ReadRune": true,
	"Decode": true, "More": true, "Next": true, "Recv": true, "Read": true,
}

// streams returns why a Client.Timeout would cut off the package's
// exchanges, or "": it imports a websocket or SPDY package, names the
// server-sent events media type or an Upgrade header, or reads a response
// body in a loop. The decision is per package, not per client: a package
// that streams with one client gets no Timeout fix for any.
func (c *checker) streams() string {
	if c.streamWhy != nil {
		return *c.streamWhy
	}
	why := c.findStreams()
	c.streamWhy = &why
	return why
}

func (c *checker) findStreams() string {
	for _, f := range c.pass.Files {
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				continue
			}
			if strings.Contains(path, "websocket") || strings.HasSuffix(path, "/spdy") {
				return "upgrades connections (it imports " + path + ")"
			}
		}
	}
	info := c.pass.TypesInfo
	why := ""
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if why != "" {
				return false
			}
			switch n := n.(type) {
			case *ast.BasicLit:
				if tv, ok := info.Types[n]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					switch strings.ToLower(constant.StringVal(tv.Value)) {
					case "text/event-stream":
						why = "reads server-sent events"
					case "upgrade":
						why = "upgrades connections (an Upgrade header)"
					}
				}
			case *ast.ForStmt:
				if c.readsBody(n) {
					why = "reads a response body in a loop"
				}
			case *ast.RangeStmt:
				if c.readsBody(n) {
					why = "reads a response body in a loop"
				}
			}
			return true
		})
		if why != "" {
			return why
		}
	}
	return ""
}

// readsBody reports whether the loop calls a bodyReads method on a
// response body or on a variable that wraps one (sc :=
// bufio.NewScanner(resp.Body); for sc.Scan() {...}).
func (c *checker) readsBody(loop ast.Node) bool {
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok {
			return !found
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if ok && bodyReads[sel.Sel.Name] && c.wrapsBody(sel.X, 0) {
			found = true
		}
		return !found
	})
	return found
}

// wrapsBody reports whether e is resp.Body of an *http.Response, a call
// taking one as an argument, or a variable whose only value is one of
// those.
func (c *checker) wrapsBody(e ast.Expr, depth int) bool {
	info := c.pass.TypesInfo
	if depth > 3 || e == nil {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if e.Sel.Name == "Body" && structlit.IsNamed(info.TypeOf(e.X), knowledge.NetHTTP, "Response") {
			return true
		}
	case *ast.CallExpr:
		for _, a := range e.Args {
			if c.wrapsBody(a, depth+1) {
				return true
			}
		}
	case *ast.Ident:
		v, _ := info.Uses[e].(*types.Var)
		return c.wrapsBody(c.single(v), depth+1)
	}
	return false
}
