package retryloop

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// CountdownCap returns how many times at most a retry loop goes around
// when it counts its remaining retries down:
//
//	retries := 1
//	retry:
//		resp, err := client.Do(req)
//		if err != nil && retries > 0 {
//			retries--
//			time.Sleep(time.Second)
//			goto retry
//		}
//
// Every branch that starts another attempt (a continue of the loop, the
// goto back to its label) is inside an if whose condition requires
// v > 0 (or v >= 1, 0 < v, v != 0; alone or joined with others by &&),
// whose body decrements v (v--, v -= 1) before that branch. v is an
// integer local declared before the loop, given a constant N once, and
// never incremented or otherwise set again in the function, nor its
// address taken. A for loop must also be unable to fall off its body's end
// (that goes around unguarded), and have no condition or post statement.
// The loop then goes around at most N times: N retries after the first
// attempt.
func CountdownCap(info *types.Info, r *Retry) (int64, bool) {
	if r == nil || r.Kind != Loop || r.Body == nil || info == nil || r.Enclosing == nil {
		return 0, false
	}
	if !r.Goto {
		f, ok := r.Loop.(*ast.ForStmt)
		if !ok || f.Cond != nil || f.Post != nil {
			return 0, false
		}
		s := newLoopScan(info, r.Loop, r.Body, r.Label, false)
		if o, t := s.seq(r.Body.List); o != exit && o != abort || t != nil {
			return 0, false
		}
	}
	parent := map[ast.Node]ast.Node{}
	var stack []ast.Node
	var arounds []*ast.BranchStmt
	ast.Inspect(r.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		if len(stack) > 0 {
			parent[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		if b, ok := n.(*ast.BranchStmt); ok && GoesAround(r, b) {
			arounds = append(arounds, b)
		}
		return true
	})
	if len(arounds) == 0 {
		return 0, false
	}
	var counter *types.Var
	for _, b := range arounds {
		v := countdownGuard(info, parent, r.Body, b)
		if v == nil || counter != nil && v != counter {
			return 0, false
		}
		counter = v
	}
	if counter.Pos() >= r.Loop.Pos() {
		return 0, false
	}
	return countdownStart(info, r.Enclosing, counter)
}

// countdownGuard returns the counter of the innermost if around b, inside
// body, whose condition requires counter > 0 and whose body decrements the
// counter before b; or nil.
func countdownGuard(info *types.Info, parent map[ast.Node]ast.Node, body *ast.BlockStmt, b *ast.BranchStmt) *types.Var {
	for n := parent[b]; n != nil && n != body; n = parent[n] {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || !contains(ifs.Body, b) {
			continue
		}
		for _, v := range positiveTests(info, ifs.Cond) {
			if decrementsBefore(info, ifs.Body, v, b) {
				return v
			}
		}
	}
	return nil
}

// positiveTests returns the integer variables v that cond requires to be
// above zero, in a chain of &&.
func positiveTests(info *types.Info, cond ast.Expr) []*types.Var {
	e, ok := astutil.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return nil
	}
	if e.Op == token.LAND {
		return append(positiveTests(info, e.X), positiveTests(info, e.Y)...)
	}
	x, y, op := e.X, e.Y, e.Op
	if _, ok := astutil.Unparen(x).(*ast.Ident); !ok {
		x, y, op = y, x, Mirror(op)
	}
	id, ok := astutil.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	if b, ok := v.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
		return nil
	}
	tv, ok := info.Types[y]
	if !ok || tv.Value == nil {
		return nil
	}
	n, exact := constant.Int64Val(constant.ToInt(tv.Value))
	if !exact {
		return nil
	}
	switch {
	case op == token.GTR && n == 0, op == token.GEQ && n == 1, op == token.NEQ && n == 0:
		return []*types.Var{v}
	}
	return nil
}

// decrementsBefore reports v-- or v -= 1 in block, at a statement of its
// own before b.
func decrementsBefore(info *types.Info, block *ast.BlockStmt, v *types.Var, b *ast.BranchStmt) bool {
	found := false
	ast.Inspect(block, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= b.Pos() {
			return false
		}
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		if decrements(info, n, v) {
			found = true
		}
		return !found
	})
	return found
}

func decrements(info *types.Info, n ast.Node, v *types.Var) bool {
	switch n := n.(type) {
	case *ast.IncDecStmt:
		return n.Tok == token.DEC && isVar(info, n.X, v)
	case *ast.AssignStmt:
		if n.Tok != token.SUB_ASSIGN || len(n.Lhs) != 1 || !isVar(info, n.Lhs[0], v) {
			return false
		}
		tv, ok := info.Types[n.Rhs[0]]
		return ok && tv.Value != nil && constant.Compare(tv.Value, token.EQL, constant.MakeInt64(1))
	}
	return false
}

// countdownStart returns the constant v is given, when the function gives
// it one value once and otherwise only decrements it by one.
func countdownStart(info *types.Info, encl ast.Node, v *types.Var) (int64, bool) {
	var start ast.Expr
	sets, bad := 0, false
	ast.Inspect(encl, func(n ast.Node) bool {
		if bad {
			return false
		}
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] == v {
					sets++
					if i < len(n.Values) {
						start = n.Values[i]
					} else if len(n.Values) == 0 {
						bad = true // zero, or set later
					}
				}
			}
		case *ast.AssignStmt:
			if decrements(info, n, v) {
				return true
			}
			for i, l := range n.Lhs {
				id, ok := astutil.Unparen(l).(*ast.Ident)
				if !ok || info.ObjectOf(id) != v {
					continue
				}
				if n.Tok != token.DEFINE && n.Tok != token.ASSIGN || len(n.Lhs) != len(n.Rhs) {
					bad = true
					break
				}
				sets++
				start = n.Rhs[i]
			}
		case *ast.IncDecStmt:
			if n.Tok == token.INC && isVar(info, n.X, v) {
				bad = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && isVar(info, n.X, v) {
				bad = true
			}
		}
		return true
	})
	if bad || sets != 1 || start == nil {
		return 0, false
	}
	tv, ok := info.Types[start]
	if !ok || tv.Value == nil {
		return 0, false
	}
	n, exact := constant.Int64Val(constant.ToInt(tv.Value))
	return n, exact && n >= 0
}

// CountedCap returns the number of attempts a counted loop makes at most:
// for range N with a constant N, or for i := A; i < B; i++ (or i <= B, or
// i != B) with constants A and B, when the body never assigns i. It says
// nothing of loops whose count is a variable or that have other exits.
func CountedCap(info *types.Info, r *Retry) (int64, bool) {
	if r == nil || r.Kind != Loop || r.Goto || info == nil {
		return 0, false
	}
	switch l := r.Loop.(type) {
	case *ast.RangeStmt:
		if l.Key != nil && assignsIn(info, l.Body, l.Key) {
			return 0, false
		}
		return constCount(info, l.X)
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
			return 0, false
		}
		start, ok := constCount(info, init.Rhs[0])
		if !ok {
			return 0, false
		}
		cond, ok := astutil.Unparen(l.Cond).(*ast.BinaryExpr)
		if !ok || !sameIdent(info, cond.X, init.Lhs[0]) {
			return 0, false
		}
		end, ok := constCount(info, cond.Y)
		if !ok {
			return 0, false
		}
		post, ok := l.Post.(*ast.IncDecStmt)
		if !ok || post.Tok != token.INC || !sameIdent(info, post.X, init.Lhs[0]) || assignsIn(info, l.Body, init.Lhs[0]) {
			return 0, false
		}
		switch cond.Op {
		case token.LSS, token.NEQ:
			return max(end-start, 0), true
		case token.LEQ:
			return max(end-start+1, 0), true
		}
	}
	return 0, false
}

func constCount(info *types.Info, e ast.Expr) (int64, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	n, exact := constant.Int64Val(constant.ToInt(tv.Value))
	return n, exact
}

func sameIdent(info *types.Info, a, b ast.Expr) bool {
	x, ok1 := astutil.Unparen(a).(*ast.Ident)
	y, ok2 := astutil.Unparen(b).(*ast.Ident)
	return ok1 && ok2 && info.ObjectOf(x) != nil && info.ObjectOf(x) == info.ObjectOf(y)
}

// assignsIn reports an assignment, increment or address-of of the
// variable v names inside n.
func assignsIn(info *types.Info, n ast.Node, v ast.Expr) bool {
	id, ok := astutil.Unparen(v).(*ast.Ident)
	if !ok {
		return false
	}
	obj := info.ObjectOf(id)
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.AssignStmt:
			for _, l := range m.Lhs {
				if isVar(info, l, obj) {
					found = true
				}
			}
		case *ast.IncDecStmt:
			found = found || isVar(info, m.X, obj)
		case *ast.UnaryExpr:
			found = found || m.Op == token.AND && isVar(info, m.X, obj)
		}
		return !found
	})
	return found
}
