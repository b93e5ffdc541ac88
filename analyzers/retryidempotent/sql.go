package retryidempotent

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/nines-dev/nines/internal/analysis/idempotency"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// sqlOp classifies a database call whose SQL is known.
func (sc *scanner) sqlOp(call *ast.CallExpr, fn *types.Func) *op {
	if !knowledge.SQLExecMethods[fn.Name()] {
		return nil
	}
	text, ok := "", false
	if i := firstStringParam(fn.Signature()); i >= 0 && i < len(call.Args) {
		text, ok = sc.a.sqlText(call.Args[i], 0)
		if id, isIdent := ast.Unparen(call.Args[i]).(*ast.Ident); isIdent && !ok {
			if v, isVar := sc.info.Uses[id].(*types.Var); isVar {
				sc.s.sqlVars[v] = true
			}
		}
	} else if i < 0 && fn.Signature().Recv() != nil {
		// stmt.Exec(args...): the SQL was given to Prepare.
		if sel, ok2 := call.Fun.(*ast.SelectorExpr); ok2 {
			text, ok = sc.a.preparedSQL(sel.X)
		}
	}
	if !ok {
		return nil
	}
	v := idempotency.ClassifySQL(text)
	if strings.Contains(v.Table, unknownPart) {
		v.Table = ""
	}
	var o *op
	switch v.Kind {
	case idempotency.SQLInsert:
		o = &op{kind: opInsert, node: call, what: funcName(fn, nil), table: v.Table}
	case idempotency.SQLIncrement:
		o = &op{kind: opIncrement, node: call, what: funcName(fn, nil), table: v.Table, detail: v.Column}
	default:
		return nil
	}
	if onTransaction(fn) {
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if tx := rootVar(sc.info, sel.X); tx != nil && sc.s.txBegun[tx] {
				o.inTx = true
			}
		}
	}
	return o
}

func firstStringParam(sig *types.Signature) int {
	params := sig.Params()
	for i := 0; i < params.Len(); i++ {
		if sig.Variadic() && i == params.Len()-1 {
			break
		}
		if b, ok := params.At(i).Type().Underlying().(*types.Basic); ok && b.Kind() == types.String {
			return i
		}
	}
	return -1
}

// unknownPart stands for a part of a SQL text computed at run time; it
// reads as an identifier, which is what such parts usually are (a table
// name, a column list).
const unknownPart = "x_dynamic"

// sqlText resolves the SQL an expression holds: constants, concatenations,
// fmt.Sprintf with a constant format, and local variables assigned once. A
// text that ends in a computed part is not resolved, because that part may
// be the ON CONFLICT clause.
func (a *analyzer) sqlText(e ast.Expr, depth int) (string, bool) {
	text, ok := a.sqlTemplate(e, depth)
	if !ok || strings.HasSuffix(strings.TrimSpace(text), unknownPart) {
		return "", false
	}
	return text, true
}

func (a *analyzer) sqlTemplate(e ast.Expr, depth int) (string, bool) {
	if e == nil || depth > 4 {
		return "", false
	}
	info := a.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() != constant.String {
			return "", false
		}
		return constant.StringVal(tv.Value), true
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		l, lok := a.sqlTemplate(x.X, depth+1)
		r, rok := a.sqlTemplate(x.Y, depth+1)
		if !lok && !rok {
			return "", false
		}
		if !lok {
			l = unknownPart
		}
		if !rok {
			r = " " + unknownPart
		}
		return l + r, true
	case *ast.CallExpr:
		fn := calleeFunc(info, x)
		if isPkgFunc(fn, "fmt", "Sprintf") && len(x.Args) > 0 {
			if tv, ok := info.Types[x.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				return replaceVerbs(constant.StringVal(tv.Value)), true
			}
		}
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			return "", false
		}
		rhs := a.assignments()[v]
		if len(rhs) != 1 {
			return "", false
		}
		return a.sqlTemplate(rhs[0], depth+1)
	}
	return "", false
}

// replaceVerbs turns a Sprintf format into SQL text, each verb standing for
// a computed identifier.
func replaceVerbs(format string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.[]*", format[j]) >= 0 {
			j++
		}
		b.WriteString(unknownPart)
		i = j
	}
	return b.String()
}

// preparedSQL returns the SQL of stmt when stmt is a variable assigned once
// from a Prepare call.
func (a *analyzer) preparedSQL(stmt ast.Expr) (string, bool) {
	id, ok := ast.Unparen(stmt).(*ast.Ident)
	if !ok {
		return "", false
	}
	v, ok := a.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return "", false
	}
	rhs := a.assignments()[v]
	if len(rhs) != 1 {
		return "", false
	}
	call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	fn := calleeFunc(a.pass.TypesInfo, call)
	if fn == nil || !knowledge.SQLPrepareMethods[fn.Name()] {
		return "", false
	}
	if i := firstStringParam(fn.Signature()); i >= 0 && i < len(call.Args) {
		return a.sqlText(call.Args[i], 1)
	}
	return "", false
}

// assignments maps each local variable of the package to the expressions
// assigned to it, computed on first use. A variable assigned more than once
// is not resolved by its callers.
func (a *analyzer) assignments() map[*types.Var][]ast.Expr {
	if a.assigns != nil {
		return a.assigns
	}
	a.assigns = make(map[*types.Var][]ast.Expr)
	info := a.pass.TypesInfo
	add := func(lhs, rhs []ast.Expr) {
		for i, l := range lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok {
				continue
			}
			v, ok := info.ObjectOf(id).(*types.Var)
			if !ok || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
				continue
			}
			switch {
			case len(lhs) == len(rhs):
				a.assigns[v] = append(a.assigns[v], rhs[i])
			case len(rhs) == 1 && i == 0:
				a.assigns[v] = append(a.assigns[v], rhs[0])
			default:
				// The second result of a call: not a SQL text.
				a.assigns[v] = append(a.assigns[v], nil, nil)
			}
		}
	}
	for _, f := range a.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				add(n.Lhs, n.Rhs)
			case *ast.ValueSpec:
				lhs := make([]ast.Expr, len(n.Names))
				for i, id := range n.Names {
					lhs[i] = id
				}
				add(lhs, n.Values)
			}
			return true
		})
	}
	return a.assigns
}

// retriesSQL is the fact exported on a function that runs one of its
// string parameters as SQL inside a retry (ExecWithRetry(db, query,
// args...)), so that an unsafe statement passed to it is a retried one.
type retriesSQL struct {
	Params []int
}

func (*retriesSQL) AFact() {}

func (f *retriesSQL) String() string {
	return fmt.Sprintf("retries the SQL of its parameters %v", f.Params)
}

func (a *analyzer) addRetriedSQL(fn *types.Func, i int) bool {
	return addParam(a.retriesSQL, fn, i)
}

func (a *analyzer) retriesSQLOf(fn *types.Func) *retriesSQL {
	return paramFactOf(a, a.retriesSQL, fn)
}

// stringParam returns the index of the string parameter of fn that e
// names, or -1.
func (a *analyzer) stringParam(fn *types.Func, e ast.Expr) int {
	return a.paramIndex(fn, e, func(t types.Type) bool {
		b, ok := t.Underlying().(*types.Basic)
		return ok && b.Kind() == types.String
	})
}

// retriedSQLParams records the string parameters of fn that a retry of fn
// runs as SQL.
func (a *analyzer) retriedSQLParams(fn *types.Func, s *scan) {
	params := fn.Signature().Params()
	for i := 0; i < params.Len(); i++ {
		if !s.sqlVars[params.At(i)] {
			continue
		}
		if b, ok := params.At(i).Type().Underlying().(*types.Basic); ok && b.Kind() == types.String {
			a.addRetriedSQL(fn, i)
		}
	}
}

// passesRetriedSQL records the string parameters of fn that it hands on to
// a function that retries them as SQL, and reports whether any was new.
func (a *analyzer) passesRetriedSQL(fn *types.Func, s *scan) bool {
	changed := false
	for _, c := range s.calls {
		f := a.retriesSQLOf(c.callee)
		if f == nil {
			continue
		}
		for _, i := range f.Params {
			if i < len(c.call.Args) {
				if j := a.stringParam(fn, c.call.Args[i]); j >= 0 && a.addRetriedSQL(fn, j) {
					changed = true
				}
			}
		}
	}
	return changed
}

// sqlPassedToRetrier finds unsafe SQL handed to a function that retries
// it, reported at that call.
func (a *analyzer) sqlPassedToRetrier(s *scan) []*op {
	var ops []*op
	for _, c := range s.calls {
		f := a.retriesSQLOf(c.callee)
		if f == nil {
			continue
		}
		for _, i := range f.Params {
			if i >= len(c.call.Args) {
				continue
			}
			text, ok := a.sqlText(c.call.Args[i], 0)
			if !ok {
				continue
			}
			v := idempotency.ClassifySQL(text)
			if strings.Contains(v.Table, unknownPart) {
				v.Table = ""
			}
			switch v.Kind {
			case idempotency.SQLInsert:
				ops = append(ops, &op{kind: opInsert, node: c.call, what: funcName(c.callee, nil), table: v.Table, sqlRetrier: c.callee})
			case idempotency.SQLIncrement:
				ops = append(ops, &op{kind: opIncrement, node: c.call, what: funcName(c.callee, nil), table: v.Table, detail: v.Column, sqlRetrier: c.callee})
			}
		}
	}
	return ops
}

// onTransaction reports whether fn is a method of a transaction (*sql.Tx,
// pgx.Tx, sqlx.Tx and the like, named Tx).
func onTransaction(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == knowledge.SQLTxType
}

// constString returns the string constant e holds, directly or through a
// local variable assigned once (method := "POST").
func (a *analyzer) constString(e ast.Expr) (string, bool) {
	info := a.pass.TypesInfo
	for range 4 {
		if tv, ok := info.Types[e]; ok && tv.Value != nil {
			if tv.Value.Kind() != constant.String {
				return "", false
			}
			return constant.StringVal(tv.Value), true
		}
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return "", false
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			return "", false
		}
		rhs := a.assignments()[v]
		if len(rhs) != 1 || rhs[0] == nil {
			return "", false
		}
		e = rhs[0]
	}
	return "", false
}
