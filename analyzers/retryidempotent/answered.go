package retryidempotent

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/nines-dev/nines/internal/analysis/retryloop"
)

// A retry of a write duplicates it only when the attempt it repeats may
// have been applied: the send failed without an answer (a reset
// connection, a timeout: the reply may have been lost), or the server
// answered with a status that does not say the request was refused. A 5xx
// may come after the handler committed (it crashed before answering, or a
// gateway timed out waiting for a backend that finished), and a 408 is a
// timeout like any other, which can be a false failure. A 4xx other than
// 408 is a refusal before the work (bad request, expired credentials,
// forbidden, conflict, too many requests: a rate limiter answers at the
// door): repeating after one cannot apply the write twice.
//
// statusMin and statusMax bound the statuses the analysis reasons about.
const (
	statusMin = 100
	statusMax = 599
)

// outcomeUnknown reports whether a reply with status code may follow a
// write that was applied.
func outcomeUnknown(code int) bool {
	return code >= 500 || code == 408
}

// statusSet is a set of HTTP statuses, as a bitmap over statusMin..statusMax.
type statusSet [statusMax - statusMin + 1]bool

func (s *statusSet) and(t *statusSet) *statusSet {
	var r statusSet
	for i := range s {
		r[i] = s[i] && t[i]
	}
	return &r
}

func (s *statusSet) or(t *statusSet) *statusSet {
	var r statusSet
	for i := range s {
		r[i] = s[i] || t[i]
	}
	return &r
}

func (s *statusSet) not() *statusSet {
	var r statusSet
	for i := range s {
		r[i] = !s[i]
	}
	return &r
}

// unknownOutcomes returns the statuses of s after which a write may have
// been applied, smallest first.
func (s *statusSet) unknownOutcomes() []int {
	var codes []int
	for i, in := range s {
		if code := i + statusMin; in && outcomeUnknown(code) {
			codes = append(codes, code)
		}
	}
	return codes
}

// statusCond is what a condition says about the status of a received
// reply when it evaluates to a given value.
type statusCond struct {
	// set holds the statuses that allow the value; nil when the condition
	// can hold without a received reply (it does not test the status,
	// or only on some of its alternatives).
	set *statusSet
	// named is set when the condition compares the status with a code
	// after which the write may have been applied (a 5xx, 408).
	named bool
	// gates are the calls the condition also depends on, given the reply
	// or its status (a retry policy: c.shouldRetry(resp)).
	gates []*ast.CallExpr
}

func (c statusCond) and(d statusCond) statusCond {
	r := statusCond{named: c.named || d.named, gates: append(append([]*ast.CallExpr(nil), c.gates...), d.gates...)}
	switch {
	case c.set == nil:
		r.set = d.set
	case d.set == nil:
		r.set = c.set
	default:
		r.set = c.set.and(d.set)
	}
	return r
}

func (c statusCond) or(d statusCond) statusCond {
	r := statusCond{named: c.named || d.named}
	if c.set != nil && d.set != nil {
		r.set = c.set.or(d.set)
		// A gate on one alternative only decides that alternative.
		r.gates = append(append([]*ast.CallExpr(nil), c.gates...), d.gates...)
	}
	return r
}

// statusIn evaluates what cond says about the reply's status when it is
// want.
func (a *analyzer) statusIn(cond ast.Expr, want bool) statusCond {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return a.statusIn(e.X, !want)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			if want {
				return a.statusIn(e.X, true).and(a.statusIn(e.Y, true))
			}
			return a.statusIn(e.X, false).or(a.statusIn(e.Y, false))
		case token.LOR:
			if want {
				return a.statusIn(e.X, true).or(a.statusIn(e.Y, true))
			}
			return a.statusIn(e.X, false).and(a.statusIn(e.Y, false))
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			if c, ok := a.statusCompare(e); ok {
				if !want {
					c.set = c.set.not()
				}
				return c
			}
		}
	case *ast.CallExpr:
		if a.givenReply(e) {
			return statusCond{gates: []*ast.CallExpr{e}}
		}
	}
	return statusCond{}
}

// statusCompare reads a comparison of a reply's status with a constant.
func (a *analyzer) statusCompare(e *ast.BinaryExpr) (statusCond, bool) {
	op := e.Op
	code, ok := a.intConst(e.Y)
	if !a.isStatus(e.X) || !ok {
		code, ok = a.intConst(e.X)
		if !a.isStatus(e.Y) || !ok {
			return statusCond{}, false
		}
		op = retryloop.Mirror(op)
	}
	var s statusSet
	for i := range s {
		v := i + statusMin
		switch op {
		case token.EQL:
			s[i] = v == code
		case token.NEQ:
			s[i] = v != code
		case token.LSS:
			s[i] = v < code
		case token.LEQ:
			s[i] = v <= code
		case token.GTR:
			s[i] = v > code
		case token.GEQ:
			s[i] = v >= code
		}
	}
	return statusCond{set: &s, named: code >= 499 && code <= statusMax || code == 408}, true
}

func (a *analyzer) intConst(e ast.Expr) (int, bool) {
	tv, ok := a.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return 0, false
	}
	v, ok := constant.Int64Val(tv.Value)
	return int(v), ok
}

// isStatus reports whether e is the status code of a received reply: a
// StatusCode field or method of integer type (net/http's Response, a
// client library's response), or an integer variable assigned one.
func (a *analyzer) isStatus(e ast.Expr) bool {
	info := a.pass.TypesInfo
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok && len(call.Args) == 0 {
		e = ast.Unparen(call.Fun)
	}
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if e.Sel.Name != "StatusCode" || !a.isReply(e.X) {
			return false
		}
		t := info.TypeOf(e)
		if sig, ok := t.(*types.Signature); ok && sig.Results().Len() == 1 {
			t = sig.Results().At(0).Type()
		}
		b, ok := t.Underlying().(*types.Basic)
		return ok && b.Info()&types.IsInteger != 0
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return false
		}
		rhs := a.assignments()[v]
		for _, e := range rhs {
			if _, ident := ast.Unparen(e).(*ast.Ident); ident || e == nil || !a.isStatus(e) {
				return false
			}
		}
		return len(rhs) > 0
	}
	return false
}

// givenReply reports whether call is passed a received reply or its
// status: a retry policy deciding from the answer.
func (a *analyzer) givenReply(call *ast.CallExpr) bool {
	for _, arg := range call.Args {
		if a.isStatus(arg) || isResponse(a.pass.TypesInfo.TypeOf(arg)) && a.isReply(arg) {
			return true
		}
	}
	return false
}

// isReply reports whether e is the reply of the write being judged (see
// replyVars); any value is, when none is being judged.
func (a *analyzer) isReply(e ast.Expr) bool {
	if a.replies == nil {
		return true
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && a.replies[a.pass.TypesInfo.ObjectOf(id)]
}

// replyVars returns the variables of body that hold the reply to the
// operation node: what the call returns (resp, err := c.Post(...)), or
// what a call given the request it creates returns (req, err :=
// http.NewRequest(...); resp, err := c.Do(req)). A status test on another
// reply (a second request's) says nothing about this write.
func (a *analyzer) replyVars(body *ast.BlockStmt, node ast.Node) map[types.Object]bool {
	info := a.pass.TypesInfo
	replies := map[types.Object]bool{}
	made := map[types.Object]bool{}
	lhsOf := func(as *ast.AssignStmt, into map[types.Object]bool, responses bool) {
		for _, l := range as.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok || id.Name == "_" {
				continue
			}
			if obj := info.ObjectOf(id); obj != nil && (!responses || isResponse(obj.Type())) {
				into[obj] = true
			}
		}
	}
	var sends []*ast.AssignStmt
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return true
		}
		rhs := ast.Unparen(as.Rhs[0])
		if u, ok := rhs.(*ast.UnaryExpr); ok && u.Op == token.AND {
			rhs = u.X
		}
		if rhs == node {
			lhsOf(as, replies, true)
			lhsOf(as, made, false)
		} else if _, call := rhs.(*ast.CallExpr); call {
			sends = append(sends, as)
		}
		return true
	})
	for _, as := range sends {
		for _, arg := range as.Rhs[0].(*ast.CallExpr).Args {
			if id, ok := ast.Unparen(arg).(*ast.Ident); ok && made[info.ObjectOf(id)] {
				lhsOf(as, replies, true)
			}
		}
	}
	return replies
}

// isResponse reports whether t is a reply type: net/http's *Response, or
// a pointer to a named type called Response (a client library's).
func isResponse(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Name() == "Response"
}

// answeredOnly decides whether every way around the retry r after the
// operation node requires a received reply, and whether one of them may
// follow a write that was applied. It returns ok when no way around can
// be taken without a reply; hazard then names the statuses after which
// the write is repeated (nil when it never is).
func (a *analyzer) answeredOnly(r *retryloop.Retry, node ast.Node) (hazard []int, ok bool) {
	if r == nil || node == nil || r.Kind != retryloop.Loop || r.Body == nil {
		return nil, false
	}
	if !r.Goto && !terminates(r.Body.List) {
		// Falling off the end of the body goes around, whatever the
		// attempt's outcome.
		return nil, false
	}
	pos := node.Pos()
	a.replies = a.replyVars(r.Body, node)
	if len(a.replies) == 0 {
		// The write's reply is not held in a variable the analysis can
		// follow.
		a.replies = nil
		return nil, false
	}
	defer func() { a.replies = nil }()
	found := false
	failed := false
	var stack []ast.Node
	ast.Inspect(r.Body, func(n ast.Node) bool {
		if failed {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		stack = append(stack, n)
		br, isBranch := n.(*ast.BranchStmt)
		if !isBranch || br.Pos() < pos || !retryloop.GoesAround(r, br) {
			return true
		}
		found = true
		c := a.pathStatus(stack)
		if c.set == nil {
			failed = true
			return false
		}
		codes := c.set.unknownOutcomes()
		switch {
		case len(codes) == 0:
		case c.named, len(c.gates) == 0, a.gatesName(c.gates, a.replies):
			if hazard == nil {
				hazard = codes
			}
		}
		return true
	})
	if failed || !found {
		return nil, false
	}
	return hazard, true
}

// pathStatus is what the conditions enclosing the last node of stack say
// about the status of the reply.
func (a *analyzer) pathStatus(stack []ast.Node) statusCond {
	var c statusCond
	for i := 0; i+1 < len(stack); i++ {
		child := stack[i+1]
		switch p := stack[i].(type) {
		case *ast.IfStmt:
			switch child {
			case p.Body:
				c = c.and(a.statusIn(p.Cond, true))
			case p.Else:
				c = c.and(a.statusIn(p.Cond, false))
			}
		case *ast.SwitchStmt:
			if child != p.Body || i+2 >= len(stack) {
				continue
			}
			clause, ok := stack[i+2].(*ast.CaseClause)
			if !ok {
				continue
			}
			c = c.and(a.caseStatus(p, clause))
		}
	}
	return c
}

// caseStatus is what reaching clause of switch sw says about the status.
func (a *analyzer) caseStatus(sw *ast.SwitchStmt, clause *ast.CaseClause) statusCond {
	if sw.Tag == nil {
		if clause.List == nil {
			return statusCond{}
		}
		var c statusCond
		for i, e := range clause.List {
			if i == 0 {
				c = a.statusIn(e, true)
			} else {
				c = c.or(a.statusIn(e, true))
			}
		}
		return c
	}
	if !a.isStatus(sw.Tag) {
		return statusCond{}
	}
	var s statusSet
	named := false
	mark := func(list []ast.Expr) bool {
		for _, e := range list {
			code, ok := a.intConst(e)
			if !ok {
				return false
			}
			if code >= statusMin && code <= statusMax {
				s[code-statusMin] = true
			}
			named = named || outcomeUnknown(code)
		}
		return true
	}
	if clause.List != nil {
		if !mark(clause.List) {
			return statusCond{}
		}
		return statusCond{set: &s, named: named}
	}
	for _, st := range sw.Body.List {
		if cl, ok := st.(*ast.CaseClause); ok && cl.List != nil && !mark(cl.List) {
			return statusCond{}
		}
	}
	return statusCond{set: s.not(), named: named}
}

// gatesName reports whether one of the policy calls is a function of the
// package whose body compares a status with a code after which a write
// may have been applied: the policy lets such an answer go around.
func (a *analyzer) gatesName(gates []*ast.CallExpr, replies map[types.Object]bool) bool {
	// The policy's body tests its own parameter.
	a.replies = nil
	defer func() { a.replies = replies }()
	for _, g := range gates {
		fn := calleeFunc(a.pass.TypesInfo, g)
		if fn == nil {
			continue
		}
		decl := a.declOf(fn)
		if decl == nil || decl.Body == nil {
			continue
		}
		names := false
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			if names {
				return false
			}
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if c, ok := a.statusCompare(n); ok && c.named {
					names = true
				}
			case *ast.CaseClause:
				for _, e := range n.List {
					if code, ok := a.intConst(e); ok && outcomeUnknown(code) && code <= statusMax {
						names = true
					}
				}
			}
			return true
		})
		if names {
			return true
		}
	}
	return false
}

// declOf finds the declaration of a function of the package.
func (a *analyzer) declOf(fn *types.Func) *ast.FuncDecl {
	if fn.Pkg() != a.pass.Pkg {
		return nil
	}
	for _, f := range a.pass.Files {
		if f.Pos() <= fn.Pos() && fn.Pos() < f.End() {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Pos() == fn.Pos() {
					return fd
				}
			}
		}
	}
	return nil
}

// terminates reports whether a statement list cannot fall off its end
// (a terminating statement, as the Go specification defines it, in a
// simplified form).
func terminates(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	switch s := list[len(list)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.GOTO || s.Tok == token.CONTINUE || s.Tok == token.BREAK
	case *ast.BlockStmt:
		return terminates(s.List)
	case *ast.IfStmt:
		if s.Else == nil || !terminates(s.Body.List) {
			return false
		}
		return terminates([]ast.Stmt{s.Else})
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// statusNote words the statuses after which a write is repeated: "a 408
// or 5xx reply", "a 502 or 503 reply".
func statusNote(codes []int) string {
	var parts []string
	var server []int
	for _, c := range codes {
		if c >= 500 {
			server = append(server, c)
		} else {
			parts = append(parts, strconv.Itoa(c))
		}
	}
	switch {
	case len(server) == statusMax-500+1:
		parts = append(parts, "5xx")
	case len(server) > 3:
		parts = append(parts, fmt.Sprintf("%d and %d other 5xx", server[0], len(server)-1))
	default:
		for _, c := range server {
			parts = append(parts, strconv.Itoa(c))
		}
	}
	return "a " + strings.Join(parts, " or ") + " reply"
}
