package retryloop

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// An HTTP call fails in two ways: with an error, and with a response whose
// status says the server could not serve it (502, 503, 429). A loop that
// goes around on such a status and leaves on another is a retry of the call
// that returned the response, whatever it does with the error:
//
//	resp, err := c.client.Do(req)
//	if err != nil { return nil, err }
//	if !retryable[resp.StatusCode] { return resp, nil }
//	time.Sleep(wait)
//
// Which branch of a status test is the failure is read from the test
// itself, never from where it leads: it is evaluated for 200 and for the
// statuses servers answer when overloaded or failing (429, 500, 502, 503,
// 504, in that order), and the first of those for which it reads
// differently from 200 says which way round it is. A comparison with a constant is evaluated; an index or call whose
// name says retry (retryOnStatus[code], shouldRetry(resp)) is true for the
// failing statuses and false for 200; anything else takes the value that
// lets the rest of the condition decide. A test that reads the same for
// success and failure (the status of a page in a pagination loop that
// fails on anything but 200 and goes on to the next page on 200) decides
// nothing, so a loop that leaves with an error on a bad status and goes
// around on a good one is not taken for a retry.

// failingStatuses are the statuses a status test is evaluated for as a
// failure: too many requests and the server errors that retries are for.
var failingStatuses = []int64{429, 500, 502, 503, 504}

// noteStatus records the variable an assignment sets to the
// *net/http.Response a fallible call returns.
func (s *loopScan) noteStatus(lhs, rhs []ast.Expr) {
	if len(rhs) != 1 || len(lhs) == 0 {
		return
	}
	call, ok := astutil.Unparen(rhs[0]).(*ast.CallExpr)
	if !ok || !ReturnsError(s.info, call) {
		return
	}
	tuple, ok := s.info.TypeOf(call).(*types.Tuple)
	if !ok || tuple.Len() != len(lhs) {
		return
	}
	for i := range tuple.Len() {
		if !isHTTPResponse(tuple.At(i).Type()) {
			continue
		}
		id, ok := astutil.Unparen(lhs[i]).(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		if obj := s.info.ObjectOf(id); obj != nil {
			if s.statusCalls == nil {
				s.statusCalls = map[types.Object][]*ast.CallExpr{}
			}
			s.statusCalls[obj] = append(s.statusCalls[obj], call)
		}
	}
}

func isHTTPResponse(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Response"
}

// statusChecks calls found for an if statement that tests a response's
// status, when one side of it goes around and the other leaves, and the
// status test says the side that goes around is the failure.
func (s *loopScan) statusChecks(n *ast.IfStmt, found func(types.Object, ast.Stmt)) {
	if len(s.statusCalls) == 0 {
		return
	}
	v, failBody, ok := s.statusTest(n.Cond)
	if !ok {
		return
	}
	s.stateChanged = false
	body := s.follow(n.Body.List, n)
	s.stateChanged = false
	other := s.followElse(n)
	s.stateChanged = false
	if failBody && body == around && other == exit || !failBody && body == exit && other == around {
		found(v, n)
	}
}

// statusTest returns the response whose status cond tests and whether cond
// holds on a failing status rather than on success; ok is false when cond
// tests no response's status or does not tell the two apart.
func (s *loopScan) statusTest(cond ast.Expr) (v types.Object, failing, ok bool) {
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if n.Sel.Name == "StatusCode" {
				v = s.statusVar(n.X)
			}
		case *ast.CallExpr:
			if namesRetry(n.Fun) {
				for _, a := range n.Args {
					if v == nil {
						v = s.statusVar(a)
					}
				}
			}
		}
		return v == nil
	})
	if v == nil {
		return nil, false, false
	}
	onSuccess, known := s.statusHolds(cond, v, 200, false)
	if !known {
		return nil, false, false
	}
	for _, code := range failingStatuses {
		if holds, _ := s.statusHolds(cond, v, code, false); holds != onSuccess {
			return v, holds, true
		}
	}
	return nil, false, false
}

// statusVar returns the variable e is when it holds a response whose
// status is tested, or nil.
func (s *loopScan) statusVar(e ast.Expr) types.Object {
	if id, ok := astutil.Unparen(e).(*ast.Ident); ok {
		if obj := s.info.ObjectOf(id); obj != nil && s.statusCalls[obj] != nil {
			return obj
		}
	}
	return nil
}

// statusHolds evaluates cond for a response of v with the given status.
// A part of cond that does not depend on the status takes the value
// neutral, the one that leaves the decision to the rest of its && or ||;
// known says whether any part depended on it.
func (s *loopScan) statusHolds(cond ast.Expr, v types.Object, code int64, neutral bool) (holds, known bool) {
	switch e := astutil.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			h, k := s.statusHolds(e.X, v, code, !neutral)
			return !h, k
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR:
			inner := e.Op == token.LAND
			hx, kx := s.statusHolds(e.X, v, code, inner)
			hy, ky := s.statusHolds(e.Y, v, code, inner)
			if e.Op == token.LAND {
				return hx && hy, kx || ky
			}
			return hx || hy, kx || ky
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			x, y, op := e.X, e.Y, e.Op
			if s.isStatusOf(y, v) {
				x, y, op = y, x, Mirror(op)
			}
			if !s.isStatusOf(x, v) {
				break
			}
			tv, isConst := s.info.Types[y]
			if !isConst || tv.Value == nil || tv.Value.Kind() != constant.Int {
				break
			}
			return constant.Compare(constant.MakeInt64(code), op, tv.Value), true
		}
	case *ast.IndexExpr:
		if s.isStatusOf(e.Index, v) && namesRetry(e.X) {
			return code != 200, true
		}
	case *ast.CallExpr:
		if namesRetry(e.Fun) {
			for _, a := range e.Args {
				if s.isStatusOf(a, v) || isVar(s.info, a, v) {
					return code != 200, true
				}
			}
		}
	}
	return neutral, false
}

// Mirror returns the comparison that holds with its operands swapped:
// a < b is b > a.
func Mirror(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.LEQ:
		return token.GEQ
	case token.GTR:
		return token.LSS
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// isStatusOf reports v.StatusCode.
func (s *loopScan) isStatusOf(e ast.Expr, v types.Object) bool {
	sel, ok := astutil.Unparen(e).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "StatusCode" && isVar(s.info, sel.X, v)
}

func isVar(info *types.Info, e ast.Expr, v types.Object) bool {
	id, ok := astutil.Unparen(e).(*ast.Ident)
	return ok && info.ObjectOf(id) == v
}

// namesRetry reports a set or predicate named for retrying (retryOnStatus,
// shouldRetry, isRetryable, c.retryCodes): true means try again.
func namesRetry(e ast.Expr) bool {
	var name string
	switch e := astutil.Unparen(e).(type) {
	case *ast.Ident:
		name = e.Name
	case *ast.SelectorExpr:
		name = e.Sel.Name
	default:
		return false
	}
	for _, w := range words(name) {
		if w == "retry" || w == "retryable" || w == "retriable" {
			return true
		}
	}
	return false
}
