package retryloop

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// findGotoLoop returns the retry that a label and a later goto back to it
// make, or nil: the statements from the label to the last statement of the
// same list that jumps back are the body of a loop (see Retry.Goto). A label
// on a for, range, switch or select statement is a loop label or a break
// target, not such a loop.
func findGotoLoop(pass *analysis.Pass, l *ast.LabeledStmt, stack []ast.Node) *Retry {
	switch l.Stmt.(type) {
	case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		return nil
	}
	if len(stack) < 2 || l.Label == nil || pass.TypesInfo == nil {
		return nil
	}
	var list []ast.Stmt
	switch p := stack[len(stack)-2].(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	default:
		return nil
	}
	at := -1
	for i, st := range list {
		if st == l {
			at = i
			break
		}
	}
	if at < 0 {
		return nil
	}
	last := -1
	for i := at; i < len(list); i++ {
		if jumpsTo(list[i], l.Label.Name) {
			last = i
		}
	}
	if last < 0 {
		return nil
	}
	stmts := append([]ast.Stmt{l.Stmt}, list[at+1:last+1]...)
	// Falling off the end of the region leaves it, as a break at its end
	// would leave a loop.
	end := list[last].End()
	stmts = append(stmts, &ast.BranchStmt{TokPos: end, Tok: token.BREAK})
	body := &ast.BlockStmt{Lbrace: l.Pos(), List: stmts, Rbrace: end}
	loop := &ast.ForStmt{For: l.Pos(), Body: body}
	return scanLoop(pass.TypesInfo, loop, body, l.Label.Name, true)
}

// jumpsTo reports whether st holds a goto to label outside any function
// literal.
func jumpsTo(st ast.Stmt, label string) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok == token.GOTO && n.Label != nil && n.Label.Name == label {
				found = true
			}
		}
		return !found
	})
	return found
}

// GoesAround reports whether n holds a branch that starts r's next attempt:
// a continue of the loop (unlabelled outside inner loops, or naming its
// label), or the goto back to the label of a goto loop. Function literals
// are not looked into.
func GoesAround(r *Retry, n ast.Node) bool {
	if r == nil || r.Kind != Loop || n == nil {
		return false
	}
	found := false
	var walk func(n ast.Node, inner bool)
	walk = func(n ast.Node, inner bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if found || m == nil {
				return false
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if m != n {
					walk(LoopBody(m), true)
					return false
				}
			case *ast.BranchStmt:
				switch m.Tok {
				case token.CONTINUE:
					found = !r.Goto && (m.Label == nil && !inner || m.Label != nil && m.Label.Name == r.Label)
				case token.GOTO:
					found = r.Goto && m.Label != nil && m.Label.Name == r.Label
				}
			}
			return true
		})
	}
	walk(n, false)
	return found
}

// LoopBody is the body of a for or range statement, or nil for any other
// node.
func LoopBody(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.ForStmt:
		return n.Body
	case *ast.RangeStmt:
		return n.Body
	}
	return nil
}
