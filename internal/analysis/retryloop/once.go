package retryloop

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// RetriesOnce reports a loop that can go around at most once: every branch
// that starts another attempt is inside an if !tried { ... } whose body
// sets tried = true, tried is a bool declared before the loop and never
// set back to false in it, and the body cannot fall off its end. Such a
// loop makes one extra attempt (after refreshing a credential or a URL,
// or on a stale pooled connection): there is no series of attempts to
// space out.
func RetriesOnce(info *types.Info, r *Retry) bool {
	if r == nil || r.Kind != Loop || r.Goto || r.Body == nil || info == nil {
		return false
	}
	if f, ok := r.Loop.(*ast.ForStmt); !ok || f.Cond != nil || f.Post != nil {
		return false
	}
	s := newLoopScan(info, r.Loop, r.Body, r.Label, false)
	if o, t := s.seq(r.Body.List); o != exit && o != abort || t != nil {
		return false // the body can fall off its end and go around
	}
	arounds, guarded := 0, 0
	var flags []types.Object
	ast.Inspect(r.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if o, _ := s.branch(n); o == around {
				arounds++
				if v := s.onceGuard(n); v != nil {
					guarded++
					flags = append(flags, v)
				}
			}
		}
		return true
	})
	if arounds == 0 || guarded != arounds {
		return false
	}
	for _, v := range flags {
		if s.resets(v) {
			return false
		}
	}
	return true
}

// onceGuard returns the flag of the innermost if !flag { ... flag = true
// ... } around b, or nil.
func (s *loopScan) onceGuard(b *ast.BranchStmt) types.Object {
	for n := s.parent[b]; n != nil && n != s.loop; n = s.parent[n] {
		ifs, ok := n.(*ast.IfStmt)
		if !ok {
			continue
		}
		not, ok := astutil.Unparen(ifs.Cond).(*ast.UnaryExpr)
		if !ok || not.Op != token.NOT {
			continue
		}
		id, ok := astutil.Unparen(not.X).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := s.info.Uses[id].(*types.Var)
		if !ok || v.Pos() >= s.loop.Pos() || !types.Identical(v.Type(), types.Typ[types.Bool]) {
			continue
		}
		if contains(ifs.Body, b) && s.setsTrue(ifs.Body, v) {
			return v
		}
	}
	return nil
}

func contains(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// setsTrue reports v = true in n.
func (s *loopScan) setsTrue(n ast.Node, v types.Object) bool {
	return s.assignsConst(n, v, "true")
}

// resets reports v = false, or any other value than true, in the loop.
func (s *loopScan) resets(v types.Object) bool {
	found := false
	ast.Inspect(s.body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for i, l := range as.Lhs {
				if id, ok := astutil.Unparen(l).(*ast.Ident); ok && s.info.ObjectOf(id) == v {
					if i >= len(as.Rhs) || !isIdent(as.Rhs[i], "true") {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

func (s *loopScan) assignsConst(n ast.Node, v types.Object, value string) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if as, ok := m.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
			for i, l := range as.Lhs {
				if id, ok := astutil.Unparen(l).(*ast.Ident); ok && s.info.ObjectOf(id) == v && isIdent(as.Rhs[i], value) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := astutil.Unparen(e).(*ast.Ident)
	return ok && id.Name == name
}
