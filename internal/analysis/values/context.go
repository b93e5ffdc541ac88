package values

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

// ContextDeadline answers whether the context e, used at the position at,
// carries a deadline: Yes when every value that reaches the use comes from
// context.WithTimeout or WithDeadline (or their Cause forms), possibly
// wrapped by WithCancel or WithValue, or is a parameter of an unexported
// function of the package whose every call passes such a context; No when
// every value comes from context.Background, TODO or WithoutCancel;
// Unsure otherwise (r.Context(), a field, a call).
func (v *Values) ContextDeadline(e ast.Expr, at token.Pos) Answer {
	return v.ctx(e, at, 0, nil)
}

func (v *Values) ctx(e ast.Expr, at token.Pos, depth int, visiting map[visit]bool) Answer {
	if e == nil || depth > maxDepth {
		return Unsure
	}
	info := v.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return v.ctxCall(e, 0, depth, visiting)
	case *ast.Ident:
		obj, ok := info.Uses[e].(*types.Var)
		if !ok || obj.IsField() {
			return Unsure
		}
		key := visit{obj, at}
		if visiting[key] {
			return Unsure
		}
		if visiting == nil {
			visiting = make(map[visit]bool)
		}
		visiting[key] = true
		defer delete(visiting, key)
		if obj.Kind() == types.ParamVar {
			if vs := v.stores.Of(obj); vs != nil {
				return Unsure // reassigned: follow neither
			}
			return v.param(obj, depth, visiting)
		}
		_, vs := v.localVar(e)
		if vs == nil {
			return Unsure
		}
		var answers []Answer
		for _, st := range v.reaching(vs, at) {
			switch {
			case st.Rhs == nil:
				answers = append(answers, Unsure)
			case st.Result >= 0:
				if c := callAt(st.Rhs); c != nil {
					answers = append(answers, v.ctxCall(c, st.Result, depth+1, visiting))
				} else {
					answers = append(answers, Unsure)
				}
			default:
				answers = append(answers, v.ctx(st.Rhs, posOf(st), depth+1, visiting))
			}
		}
		return join(answers...)
	}
	return Unsure
}

// visit is a variable asked about at a position: ctx = wrap(ctx) asks
// about the same variable at an earlier store, which is no cycle.
type visit struct {
	v  *types.Var
	at token.Pos
}

// ctxCall answers for result number result of a call that returns a
// context.
func (v *Values) ctxCall(c *ast.CallExpr, result int, depth int, visiting map[visit]bool) Answer {
	if result > 0 {
		return Unsure // the cancel function
	}
	fn, ok := v.pass.TypesInfo.Uses[calleeIdent(c)].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "context" || fn.Signature().Recv() != nil {
		return Unsure
	}
	switch fn.Name() {
	case "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause":
		return Yes
	case "Background", "TODO", "WithoutCancel":
		return No
	case "WithCancel", "WithCancelCause", "WithValue":
		if len(c.Args) == 0 {
			return Unsure
		}
		return v.ctx(c.Args[0], c.Pos(), depth+1, visiting)
	}
	return Unsure
}

// param answers for a context parameter of a function only the package
// can call: Yes when it is only ever called, at least once, and every call
// passes a context with a deadline. An exported function may be called
// from anywhere, except in package main, which nothing imports (its
// exported methods may still be called through an interface), and a
// function used as a value from places not seen.
func (v *Values) param(p *types.Var, depth int, visiting map[visit]bool) Answer {
	v.index()
	fn := v.params[p]
	if fn == nil || v.escapes[fn] {
		return Unsure
	}
	if fn.Exported() && (v.pass.Pkg.Name() != "main" || fn.Signature().Recv() != nil) {
		return Unsure
	}
	idx := -1
	params := fn.Signature().Params()
	for i := range params.Len() {
		if params.At(i) == p {
			idx = i
		}
	}
	calls := v.calls[fn]
	if idx < 0 || len(calls) == 0 || fn.Signature().Variadic() && idx == params.Len()-1 {
		return Unsure
	}
	var answers []Answer
	for _, c := range calls {
		args := c.Args
		if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok {
			if s := v.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
				if len(args) == 0 {
					return Unsure
				}
				args = args[1:]
			}
		}
		if idx >= len(args) {
			return Unsure
		}
		answers = append(answers, v.ctx(args[idx], c.Pos(), depth+1, visiting))
	}
	if a := join(answers...); a == Yes {
		return Yes
	}
	return Unsure // a caller without a deadline is that caller's finding
}

// RequestDeadline answers whether the *http.Request e, sent at the
// position at, carries a context with a deadline: built by
// http.NewRequestWithContext with such a context, or replaced by
// req.WithContext(ctx) or req.Clone(ctx) with one before the send (the
// last replacement before the use in the same block wins). A request from
// http.NewRequest carries context.Background(): No.
func (v *Values) RequestDeadline(e ast.Expr, at token.Pos) Answer {
	return v.request(e, at, 0)
}

func (v *Values) request(e ast.Expr, at token.Pos, depth int) Answer {
	if e == nil || depth > maxDepth {
		return Unsure
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return v.requestCall(e, depth)
	case *ast.Ident:
		obj, vs := v.localVar(e)
		if obj == nil || vs == nil || !structlit.IsNamed(obj.Type(), knowledge.NetHTTP, "Request") {
			return Unsure
		}
		var answers []Answer
		for _, st := range v.reaching(vs, at) {
			c := callAt(st.Rhs)
			switch {
			case c == nil:
				answers = append(answers, Unsure)
			case st.Result > 0:
				answers = append(answers, Unsure)
			default:
				answers = append(answers, v.requestCall(c, depth+1))
			}
		}
		return join(answers...)
	}
	return Unsure
}

func (v *Values) requestCall(c *ast.CallExpr, depth int) Answer {
	fn, ok := v.pass.TypesInfo.Uses[calleeIdent(c)].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != knowledge.NetHTTP {
		return Unsure
	}
	recv := fn.Signature().Recv()
	switch {
	case recv == nil && fn.Name() == knowledge.HTTPNewRequestWithContext && len(c.Args) > 0:
		return v.ctx(c.Args[0], c.Pos(), depth+1, nil)
	case recv == nil && fn.Name() == "NewRequest":
		return No
	case recv != nil && structlit.IsNamed(recv.Type(), knowledge.NetHTTP, "Request") &&
		(fn.Name() == "WithContext" || fn.Name() == "Clone") && len(c.Args) == 1:
		return v.ctx(c.Args[0], c.Pos(), depth+1, nil)
	}
	return Unsure
}

// reaching returns the stores of a variable that may reach a use at the
// position at. A store in a statement list that encloses the use, before
// it, kills the stores before it (the last such store is the dominating
// one, barring goto); the stores between it and the use, and those after
// the use in a loop around the use that does not also hold the dominating
// store, may reach too. Stores in function literals may run at any time.
// Without a dominating store, every store may reach.
func (v *Values) reaching(vs *structlit.VarStores, at token.Pos) []structlit.Store {
	if !at.IsValid() || vs.Root == nil {
		return vs.Values
	}
	// The statement lists and loops around the use, innermost last.
	var lists [][]ast.Stmt
	var loops []ast.Node
	var funcLits []*ast.FuncLit
	ast.Inspect(vs.Root, func(n ast.Node) bool {
		if n == nil || at < n.Pos() || at >= n.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.BlockStmt:
			lists = append(lists, n.List)
		case *ast.CaseClause:
			lists = append(lists, n.Body)
		case *ast.CommClause:
			lists = append(lists, n.Body)
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, n)
		case *ast.FuncLit:
			funcLits = append(funcLits, n)
		}
		return true
	})
	inUseFunc := func(pos token.Pos) bool {
		// The innermost function literal around the use must hold pos too.
		if len(funcLits) == 0 {
			return true
		}
		fl := funcLits[len(funcLits)-1]
		return fl.Pos() <= pos && pos < fl.End()
	}
	dominating := -1
	for i, st := range vs.Values {
		p := posOf(st)
		if p >= at || !inUseFunc(p) || inNestedFuncLit(vs.Root, p, funcLits) {
			continue
		}
		for _, list := range lists {
			for _, s := range list {
				if s.Pos() <= p && p < s.End() && s.End() <= at && topLevelStore(s, st) {
					if dominating < 0 || p > posOf(vs.Values[dominating]) {
						dominating = i
					}
				}
			}
		}
	}
	if dominating < 0 {
		return vs.Values
	}
	dpos := posOf(vs.Values[dominating])
	var out []structlit.Store
	for i, st := range vs.Values {
		p := posOf(st)
		if st.Rhs != nil && st.Rhs.Pos() <= at && at < st.Rhs.End() {
			// The use is in the value stored (ctx = wrap(ctx)): the
			// store happens after it, so it reaches only around a loop.
			p = at
		}
		switch {
		case i == dominating:
			out = append(out, st)
		case p > dpos && p < at:
			out = append(out, st)
		case p >= at:
			for _, l := range loops {
				if l.Pos() <= p && p < l.End() && !(l.Pos() <= dpos && dpos < l.End()) {
					out = append(out, st)
					break
				}
			}
		case inNestedFuncLit(vs.Root, p, funcLits) || !inUseFunc(p):
			out = append(out, st)
		}
	}
	return out
}

// topLevelStore reports whether the store st is the statement s itself
// (an assignment or declaration), not a store nested in a branch of it.
func topLevelStore(s ast.Stmt, st structlit.Store) bool {
	switch s := s.(type) {
	case *ast.AssignStmt:
		for _, l := range s.Lhs {
			if ast.Unparen(l) == st.Lhs {
				return true
			}
		}
	case *ast.DeclStmt:
		return s.Pos() <= posOf(st) && posOf(st) < s.End()
	}
	return false
}

// inNestedFuncLit reports whether pos lies in a function literal of root
// other than those around the use.
func inNestedFuncLit(root ast.Node, pos token.Pos, around []*ast.FuncLit) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		if found || n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		if fl, ok := n.(*ast.FuncLit); ok {
			for _, a := range around {
				if a == fl {
					return true
				}
			}
			found = true
			return false
		}
		return true
	})
	return found
}
