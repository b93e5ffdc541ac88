package knowledge

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// avast/retry-go v4, checked against the library's sources: Do makes
// Attempts(n) attempts, 10 by default; Attempts(0) and UntilSucceeded() never
// stop unless Context(ctx) ends. The default delay is
// CombineDelay(BackOffDelay, RandomDelay). Context is a choice, so any
// context but Background and TODO counts as a bound.

// RetryGoV4 is the import path of avast/retry-go v4.
const RetryGoV4 = "github.com/avast/retry-go/v4"

var retryGoV4 = RetryLibrary{
	Path:        RetryGoV4,
	Retries:     map[string]int{"Do": 0, "DoWithData": 0},
	MarksErrors: true,
	BoundHint:   "pass retry.Attempts(%d) or a retry.Context with a deadline",
	policy: func(r *reader, p *Policy, _ string, call *ast.CallExpr) bool {
		r.retryGo(p, call)
		return true
	},
}

// retryGo reads the options of an avast/retry-go v4 Do call. Its default of
// 10 attempts is bounded and, with the default jittered exponential delay,
// stays silent; see the retrybound documentation.
func (a *reader) retryGo(p *Policy, call *ast.CallExpr) {
	if call.Ellipsis.IsValid() {
		p.Unknown = true
		return
	}
	unlimited := false
	var unlimitedBy string
	ctxEnds := false
	delayType := ast.Expr(nil)
	var delayAt ast.Node
	var fixedZero bool
	for _, opt := range call.Args[1:] {
		e, _ := a.resolve(opt)
		pkg, name, oc := a.callee(e)
		if oc == nil || pkg != RetryGoV4 {
			p.Unknown = true
			continue
		}
		switch name {
		case "Attempts":
			if len(oc.Args) == 1 {
				n, known := a.constInt(oc.Args[0])
				if known && n == 0 {
					unlimited, unlimitedBy = true, "Attempts(0)"
					p.CapSet = false
				} else {
					unlimited = false
					p.CapSet, p.CapKnown, p.Cap, p.CapName, p.CapPos = true, known, n, "Attempts", oc.Pos()
				}
			}
		case "UntilSucceeded":
			unlimited, unlimitedBy = true, "UntilSucceeded()"
			p.CapSet = false
		case "Context":
			if len(oc.Args) == 1 {
				ctxEnds = a.ctxEnds(oc.Args[0], true)
			}
		case "DelayType":
			if len(oc.Args) == 1 {
				delayType, delayAt = oc.Args[0], oc
			}
		case "Delay":
			if len(oc.Args) == 1 {
				fixedZero = a.isZero(oc.Args[0])
			}
		}
	}
	p.Wait, p.WaitWhy, p.WaitPos = WaitJittered, "the default delay", call.Pos()
	if delayType != nil {
		w := a.retryGoDelay(delayType)
		if w == WaitConstant && fixedZero {
			w = WaitNone
		}
		p.Wait, p.WaitPos = w, delayAt.Pos()
		switch w {
		case WaitNone:
			p.WaitWhy = "DelayType(retry.FixedDelay) with Delay(0)"
		case WaitConstant:
			p.WaitWhy = "DelayType(retry.FixedDelay)"
		case WaitExponential:
			p.WaitWhy = "DelayType(retry.BackOffDelay) without retry.RandomDelay"
		}
	}
	if unlimited && !ctxEnds && !p.Unknown {
		p.Unbounded, p.Why = true, unlimitedBy+" without a Context option"
	}
}

// retryGoDelay classifies a retry-go DelayTypeFunc expression.
func (a *reader) retryGoDelay(e ast.Expr) Wait {
	e, _ = a.resolve(e)
	if pkg, name, call := a.callee(e); call != nil && pkg == RetryGoV4 && name == "CombineDelay" {
		w := WaitUnknown
		for _, arg := range call.Args {
			switch a.retryGoDelay(arg) {
			case WaitJittered:
				return WaitJittered
			case WaitExponential:
				w = WaitExponential
			case WaitConstant:
				if w == WaitUnknown {
					w = WaitConstant
				}
			case WaitUnknown:
				return WaitUnknown
			}
		}
		return w
	}
	var obj types.Object
	switch e := astutil.Unparen(e).(type) {
	case *ast.SelectorExpr:
		obj = a.info.Uses[e.Sel]
	case *ast.Ident:
		obj = a.info.Uses[e]
	}
	f, ok := obj.(*types.Func)
	if !ok || f.Pkg() == nil || f.Pkg().Path() != RetryGoV4 {
		return WaitUnknown
	}
	switch f.Name() {
	case "FixedDelay":
		return WaitConstant
	case "BackOffDelay":
		return WaitExponential
	case "RandomDelay", "FullJitterBackoffDelay":
		return WaitJittered
	}
	return WaitUnknown
}
