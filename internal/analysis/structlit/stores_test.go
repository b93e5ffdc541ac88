package structlit_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// storesFixture type-checks src as package "example.com/p" and indexes it.
type storesFixture struct {
	fset   *token.FileSet
	file   *ast.File
	info   *types.Info
	stores *structlit.Stores
	lines  []string
}

func loadStores(t *testing.T, src string) *storesFixture {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	require.NoError(t, err)
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	pkg, _ := conf.Check("example.com/p", fset, []*ast.File{f}, info)
	return &storesFixture{
		fset:   fset,
		file:   f,
		info:   info,
		stores: structlit.IndexStores(pkg, info, []*ast.File{f}),
		lines:  strings.Split(src, "\n"),
	}
}

// call returns the outermost call on the line marked "// <mark>".
func (fx *storesFixture) call(t *testing.T, mark string) *ast.CallExpr {
	t.Helper()
	var found *ast.CallExpr
	ast.Inspect(fx.file, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && found == nil {
			line := fx.fset.Position(c.Pos()).Line
			if strings.HasSuffix(fx.lines[line-1], "// "+mark) {
				found = c
			}
		}
		return true
	})
	require.NotNil(t, found, "no call marked %q", mark)
	return found
}

func TestResolveCall(t *testing.T) {
	fx := loadStores(t, `package p

import "net"

var dialVar = net.Dial

func f(param func(string, string) (net.Conn, error), d *net.Dialer) {
	net.Dial("tcp", "a")                 // direct
	dial := net.Dial
	dial("tcp", "a")                     // local
	dialVar("tcp", "a")                  // pkgvar
	m := d.Dial
	m("tcp", "a")                        // methodvalue
	(*net.Dialer).Dial(d, "tcp", "a")    // methodexpr
	e := (*net.Dialer).Dial
	e(d, "tcp", "a")                     // storedexpr
	param("tcp", "a")                    // param
	two := net.Dial
	if d != nil {
		two = d.Dial
	}
	two("tcp", "a")                      // two
}
`)
	tests := []struct {
		mark      string
		ok        bool
		name      string
		recv      string // the receiver expression, "" for none
		args      int
		named     bool
		recvIsArg bool
	}{
		{mark: "direct", ok: true, name: "net.Dial", args: 2, named: true},
		{mark: "local", ok: true, name: "net.Dial", args: 2},
		{mark: "pkgvar", ok: true, name: "net.Dial", args: 2},
		{mark: "methodvalue", ok: true, name: "(*net.Dialer).Dial", recv: "d", args: 2},
		{mark: "methodexpr", ok: true, name: "(*net.Dialer).Dial", recv: "d", args: 2},
		{mark: "storedexpr", ok: true, name: "(*net.Dialer).Dial", recv: "d", args: 2},
		{mark: "param", ok: false},
		{mark: "two", ok: false}, // two different functions: not resolved
	}
	for _, tt := range tests {
		t.Run(tt.mark, func(t *testing.T) {
			rc, ok := fx.stores.ResolveCall(fx.call(t, tt.mark))
			require.Equal(t, tt.ok, ok)
			if !ok {
				return
			}
			assert.Equal(t, tt.name, rc.Func.FullName())
			recv := ""
			if rc.Recv != nil {
				recv = types.ExprString(rc.Recv)
			}
			assert.Equal(t, tt.recv, recv)
			assert.Len(t, rc.Args, tt.args)
			assert.Equal(t, tt.named, rc.Named)
		})
	}
}

func TestSetsAnyField(t *testing.T) {
	fx := loadStores(t, `package p

import (
	"net"
	"time"
)

type pool struct {
	dialer  *net.Dialer
	bounded *net.Dialer
	Public  *net.Dialer
}

func newPool(cfg time.Duration) *pool {
	p := &pool{dialer: &net.Dialer{KeepAlive: time.Second}, bounded: &net.Dialer{}}
	p.bounded.Timeout = cfg
	return p
}

func configure(d *net.Dialer) {}

func f(p *pool, given *net.Dialer, cfg time.Duration) {
	var zero net.Dialer
	zero.Dial("tcp", "a")                                // zero
	lit := &net.Dialer{KeepAlive: time.Second}
	lit.Dial("tcp", "a")                                 // lit
	withTimeout := &net.Dialer{Timeout: cfg}
	withTimeout.Dial("tcp", "a")                         // timeout
	constZero := net.Dialer{Timeout: 0}
	constZero.Dial("tcp", "a")                           // constzero
	later := net.Dialer{}
	later.Deadline = time.Now()
	later.Dial("tcp", "a")                               // later
	given.Dial("tcp", "a")                               // param
	shared := &net.Dialer{}
	configure(shared)
	shared.Dial("tcp", "a")                              // shared
	var addr net.Dialer
	configure(&addr)
	addr.Dial("tcp", "a")                                // addr
	(&net.Dialer{}).Dial("tcp", "a")                     // inline
	p.dialer.Dial("tcp", "a")                            // field
	p.bounded.Dial("tcp", "a")                           // fieldlater
	p.Public.Dial("tcp", "a")                            // exported
}
`)
	tests := map[string]structlit.Answer{
		"zero":       structlit.No,
		"lit":        structlit.No,
		"timeout":    structlit.Yes,
		"constzero":  structlit.No,
		"later":      structlit.Yes,
		"param":      structlit.Unsure,
		"shared":     structlit.Unsure,
		"addr":       structlit.Unsure,
		"inline":     structlit.No,
		"field":      structlit.No,
		"fieldlater": structlit.Yes,
		"exported":   structlit.Unsure,
	}
	for mark, want := range tests {
		t.Run(mark, func(t *testing.T) {
			rc, ok := fx.stores.ResolveCall(fx.call(t, mark))
			require.True(t, ok)
			got := fx.stores.SetsAnyField(rc.Recv, "net", "Dialer", "Timeout", "Deadline")
			assert.Equal(t, want, got)
		})
	}
}

// TestStoresBrokenCode checks that code with type errors gives answers,
// not panics.
func TestStoresBrokenCode(t *testing.T) {
	fx := loadStores(t, `package p

import "net"

func f() {
	d := undefined.Dialer{}
	d.Dial("tcp", "a")          // broken
	x := net.Dial
	x = 3
	x("tcp")                    // reassigned
	var y net.Dialer = missing
	y.Dial()                    // wrongarity
}
`)
	for _, mark := range []string{"broken", "reassigned", "wrongarity"} {
		c := fx.call(t, mark)
		rc, ok := fx.stores.ResolveCall(c)
		if ok && rc.Recv != nil {
			fx.stores.SetsAnyField(rc.Recv, "net", "Dialer", "Timeout")
		}
	}
	assert.Nil(t, fx.stores.Of(nil))
}
