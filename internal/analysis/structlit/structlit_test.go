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
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// fixture type-checks src as package "example.com/p" and returns what the
// tests need. Type errors are collected, not fatal, so tests can also run
// on broken code.
type fixture struct {
	fset  *token.FileSet
	file  *ast.File
	info  *types.Info
	pkg   *types.Package
	insp  *inspector.Inspector
	errs  []error
	lines []string
}

func load(t *testing.T, src string) *fixture {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	require.NoError(t, err)
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	fx := &fixture{fset: fset, file: f, info: info, insp: inspector.New([]*ast.File{f}), lines: strings.Split(src, "\n")}
	conf := types.Config{Importer: importer.Default(), Error: func(err error) { fx.errs = append(fx.errs, err) }}
	fx.pkg, _ = conf.Check("example.com/p", fset, []*ast.File{f}, info)
	return fx
}

// lit returns the cursor of the composite literal on the line that carries
// the comment marker "// <name>"; the innermost when there are several.
func (fx *fixture) lit(t *testing.T, name string) inspector.Cursor {
	t.Helper()
	var found inspector.Cursor
	for c := range fx.insp.Root().Preorder((*ast.CompositeLit)(nil)) {
		line := fx.fset.Position(c.Node().Pos()).Line
		if strings.HasSuffix(fx.lines[line-1], "// "+name) {
			found = c // the last, innermost one wins
		}
	}
	if !found.Valid() {
		t.Fatalf("no composite literal marked %q", name)
	}
	return found
}

const src = `package p

import "time"

type Client struct {
	Name    string
	Timeout time.Duration
}

type Svc struct {
	client *Client
	opts   Options
}

type Options struct {
	Client *Client
}

type Wrapped struct {
	Client
}

type Box[T any] struct {
	client *Client
	v      T
}

var global = &Client{} // global

func init() {
	global.Timeout = time.Second
}

var other = Client{} // other

func positional() {
	_ = Client{"a", 5} // pos
	_ = Client{"a", 0} // poszero
	_ = Client{Timeout: time.Duration(0)} // conv
}

func later(d time.Duration) *Client {
	c := &Client{} // later
	c.Timeout = d
	return c
}

func before(d time.Duration) *Client {
	var c *Client
	c = &Client{} // assign
	return c
}

func zeroLater() Client {
	c := Client{} // zerolater
	c.Timeout = 0
	return c
}

func newSvc(d time.Duration) *Svc {
	s := &Svc{client: &Client{}} // nested
	s.client.Timeout = d
	return s
}

func newSvc2() *Svc {
	s := &Svc{}
	s.opts.Client = &Client{} // deep
	return s
}

func ret() *Svc {
	return &Svc{client: &Client{}} // ret
}

func promoted(d time.Duration) Wrapped {
	w := Wrapped{Client: Client{}} // promoted
	w.Timeout = d
	return w
}

func closure(d time.Duration) *Client {
	c := &Client{} // closure
	func() { c.Timeout = d }()
	return c
}

func copyOf(d time.Duration) *Client {
	c := Client{} // copy
	c2 := c
	c2.Timeout = d
	return &c2
}

func (b *Box[T]) init(d time.Duration) {
	b.client = &Client{} // generic
	b.client.Timeout = d
}

func arg() {
	use(&Client{}) // arg
	_ = []*Client{{Name: "x"}} // elided
}

func use(*Client) {}
`

func TestField(t *testing.T) {
	fx := load(t, src)
	require.Empty(t, fx.errs)
	lit := func(name string) *ast.CompositeLit { return fx.lit(t, name).Node().(*ast.CompositeLit) }

	assert.NotNil(t, structlit.Field(fx.info, lit("pos"), "Timeout"), "positional field")
	assert.True(t, structlit.Sets(fx.info, lit("pos"), "Timeout"))
	assert.False(t, structlit.Sets(fx.info, lit("poszero"), "Timeout"), "constant 0 counts as unset")
	assert.False(t, structlit.Sets(fx.info, lit("conv"), "Timeout"), "time.Duration(0) counts as unset")
	assert.Nil(t, structlit.Field(fx.info, lit("later"), "Timeout"))
	assert.True(t, structlit.Sets(fx.info, lit("elided"), "Name"), "elided &T in []*T{{...}}")
	assert.False(t, structlit.Sets(fx.info, lit("elided"), "Timeout"))
}

func TestIsNamed(t *testing.T) {
	fx := load(t, src)
	l := fx.lit(t, "later").Node().(*ast.CompositeLit)
	assert.True(t, structlit.IsNamed(fx.info.TypeOf(l), "example.com/p", "Client"))
	// &Client{} has type *Client: IsNamed looks through one pointer.
	assert.True(t, structlit.IsNamed(fx.info.TypeOf(fx.lit(t, "global").Parent().Node().(ast.Expr)), "example.com/p", "Client"))
	assert.False(t, structlit.IsNamed(fx.info.TypeOf(l), "net/http", "Client"))
	assert.False(t, structlit.IsNamed(nil, "example.com/p", "Client"))
	g := fx.lit(t, "generic").Node().(*ast.CompositeLit)
	assert.True(t, structlit.IsNamed(fx.info.TypeOf(g), "example.com/p", "Client"))
}

func TestDestination(t *testing.T) {
	fx := load(t, src)
	names := func(d structlit.Dest) string {
		if d.Kind != structlit.Variable {
			return map[structlit.DestKind]string{structlit.Unknown: "unknown", structlit.Returned: "return"}[d.Kind] + pathOf(d.Fields)
		}
		return d.Var.Name() + pathOf(d.Fields)
	}
	for name, want := range map[string]string{
		"global":    "global",
		"later":     "c",
		"assign":    "c",
		"nested":    "s.client",
		"deep":      "s.opts.Client",
		"ret":       "return.client",
		"promoted":  "w.Client",
		"generic":   "b.client",
		"arg":       "unknown",
		"elided":    "unknown",
		"pos":       "_",
		"zerolater": "c",
	} {
		t.Run(name, func(t *testing.T) {
			d := structlit.Destination(fx.info, fx.lit(t, name))
			if want == "_" {
				// Assigned to the blank identifier: no variable to follow.
				assert.Equal(t, structlit.Unknown, d.Kind)
				return
			}
			assert.Equal(t, want, names(d))
		})
	}
}

func pathOf(fields []*types.Var) string {
	var b strings.Builder
	for _, f := range fields {
		b.WriteString("." + f.Name())
	}
	return b.String()
}

func TestAssignedLater(t *testing.T) {
	fx := load(t, src)
	for name, want := range map[string]bool{
		"global":    true,  // set in init
		"other":     false, // package-level, never set
		"later":     true,
		"assign":    false,
		"zerolater": false, // c.Timeout = 0 leaves it unset
		"nested":    true,
		"deep":      false,
		"ret":       false,
		"promoted":  true, // w.Timeout reaches w.Client.Timeout
		"closure":   true,
		"copy":      false, // a copy is another value
		"generic":   true,
		"arg":       false,
	} {
		t.Run(name, func(t *testing.T) {
			cur := fx.lit(t, name)
			d := structlit.Destination(fx.info, cur)
			assert.Equal(t, want, structlit.AssignedLater(fx.info, []*ast.File{fx.file}, cur, d, "Timeout"))
		})
	}
}

func TestBrokenCode(t *testing.T) {
	// Undefined types and fields leave holes in types.Info; nothing may panic.
	fx := load(t, `package p

func f() {
	c := &Missing{Timeout: 1} // a
	c.Timeout = x
	d := Missing{1, 2} // b
	_ = d
	var e = undefined.T{} // c
	_ = e
}
`)
	require.NotEmpty(t, fx.errs)
	for _, name := range []string{"a", "b", "c"} {
		cur := fx.lit(t, name)
		lit := cur.Node().(*ast.CompositeLit)
		assert.Nil(t, structlit.Field(fx.info, lit, "Timeout"))
		assert.False(t, structlit.Sets(fx.info, lit, "Timeout"))
		d := structlit.Destination(fx.info, cur)
		structlit.AssignedLater(fx.info, []*ast.File{fx.file}, cur, d, "Timeout")
		assert.False(t, structlit.IsNamed(fx.info.TypeOf(lit), "example.com/p", "Missing"))
	}
}

func TestAssignsAndVarPath(t *testing.T) {
	fx := load(t, src)
	var body *ast.BlockStmt
	var lhs ast.Expr
	for _, d := range fx.file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "newSvc" {
			body = fd.Body
			// s.client.Timeout = d
			lhs = body.List[1].(*ast.AssignStmt).Lhs[0]
		}
	}
	require.NotNil(t, body)

	d, ok := structlit.VarPath(fx.info, lhs)
	require.True(t, ok)
	assert.Equal(t, "s.client.Timeout", d.Var.Name()+pathOf(d.Fields))

	dest, ok := structlit.VarPath(fx.info, lhs.(*ast.SelectorExpr).X)
	require.True(t, ok)
	assert.True(t, structlit.Assigns(fx.info, body, dest, "Timeout", token.NoPos))
	assert.False(t, structlit.Assigns(fx.info, body, dest, "Name", token.NoPos))
	assert.False(t, structlit.Assigns(fx.info, body, dest, "Timeout", body.End()), "nothing after the body")
	assert.False(t, structlit.Assigns(fx.info, body, structlit.Dest{}, "Timeout", token.NoPos), "no variable, nothing to find")

	_, ok = structlit.VarPath(fx.info, &ast.CallExpr{Fun: ast.NewIdent("f")})
	assert.False(t, ok, "a call is not a variable path")
}
