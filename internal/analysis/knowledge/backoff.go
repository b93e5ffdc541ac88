package knowledge

import (
	"go/ast"
	"go/types"
)

// cenkalti/backoff, checked against the library's sources:
//
//   - v4: Retry stops when the BackOff returns Stop or its context
//     (backoff.WithContext) is done. NewExponentialBackOff stops after
//     MaxElapsedTime, 15 minutes by default; MaxElapsedTime = 0 never stops,
//     and so does an ExponentialBackOff composite literal that leaves it out.
//     ConstantBackOff and ZeroBackOff never stop. WithMaxRetries(b, n) stops
//     after n retries. RandomizationFactor defaults to 0.5.
//   - v5: Retry(ctx, op, opts...) stops after WithMaxTries(n) attempts (0: no
//     limit, the default), after WithMaxElapsedTime (15 minutes by default; 0
//     or less: no limit), or when ctx is done. The BackOff itself
//     (WithBackOff) never stops.
//
// v4's WithContext is a choice, so any context but Background and TODO
// counts as a bound; v5's context is a mandatory argument and counts only
// when it has a deadline (see ctxEnds).

// Import paths of cenkalti/backoff, by major version.
const (
	BackoffV4 = "github.com/cenkalti/backoff/v4"
	BackoffV5 = "github.com/cenkalti/backoff/v5"
)

var backoffV4 = RetryLibrary{
	Path: BackoffV4,
	Retries: map[string]int{
		"Retry":                       0,
		"RetryWithData":               0,
		"RetryNotify":                 0,
		"RetryNotifyWithData":         0,
		"RetryNotifyWithTimer":        0,
		"RetryNotifyWithTimerAndData": 0,
	},
	MarksErrors: true,
	BoundHint:   "wrap the backoff in backoff.WithMaxRetries(b, %d) or backoff.WithContext with a deadline",
	policy: func(r *reader, p *Policy, _ string, call *ast.CallExpr) bool {
		if len(call.Args) < 2 {
			return false
		}
		r.backoffV4(p, call.Args[1])
		return true
	},
}

var backoffV5 = RetryLibrary{
	Path:        BackoffV5,
	Retries:     map[string]int{"Retry": 1},
	MarksErrors: true,
	BoundHint:   "pass backoff.WithMaxTries(%d) or a positive backoff.WithMaxElapsedTime",
	policy: func(r *reader, p *Policy, _ string, call *ast.CallExpr) bool {
		r.backoffV5(p, call)
		return true
	},
}

// backoffV4 reads the BackOff given to a cenkalti/backoff v4 Retry call.
func (a *reader) backoffV4(p *Policy, b ast.Expr) {
	ctxEnds := false
	stops := false // the BackOff itself stops (MaxElapsedTime, StopBackOff)
	kind := "an ExponentialBackOff with MaxElapsedTime = 0"
	for range 8 {
		e, v := a.resolve(b)
		pkg, name, call := a.callee(e)
		if call != nil && pkg == BackoffV4 {
			switch name {
			case "WithMaxRetries":
				if len(call.Args) == 2 {
					p.CapSet, p.CapName, p.CapPos = true, "WithMaxRetries", call.Pos()
					p.Cap, p.CapKnown = a.constInt(call.Args[1])
					b = call.Args[0]
					continue
				}
			case "WithContext":
				if len(call.Args) == 2 {
					ctxEnds = ctxEnds || a.ctxEnds(call.Args[1], true)
					b = call.Args[0]
					continue
				}
			case "NewExponentialBackOff":
				stops = a.exponentialV4(p, call, nil, v)
			case "NewConstantBackOff":
				if len(call.Args) != 1 {
					p.Unknown = true
					break
				}
				a.constantWait(p, call.Args, call)
				kind = "a ConstantBackOff"
			default:
				p.Unknown = true
			}
		} else if lit, typ := a.compositeOf(e, BackoffV4); lit != nil {
			switch typ {
			case "ExponentialBackOff":
				stops = a.exponentialV4(p, nil, lit, v)
			case "ConstantBackOff":
				var args []ast.Expr
				if iv := litField(lit, "Interval"); iv != nil {
					args = []ast.Expr{iv}
				}
				a.constantWait(p, args, lit)
				kind = "a ConstantBackOff"
			case "ZeroBackOff":
				p.Wait, p.WaitWhy, p.WaitPos = WaitNone, "backoff.ZeroBackOff", lit.Pos()
				kind = "a ZeroBackOff"
			case "StopBackOff":
				stops = true
			default:
				p.Unknown = true
			}
		} else {
			p.Unknown = true
		}
		break
	}
	if p.Unknown || stops || ctxEnds || p.CapSet {
		return
	}
	p.Unbounded, p.Why = true, kind
}

// exponentialV4 reads a v4 ExponentialBackOff built by call or lit and then
// changed through v; it reports whether the backoff stops by itself.
func (a *reader) exponentialV4(p *Policy, call *ast.CallExpr, lit *ast.CompositeLit, v *types.Var) bool {
	stops := true
	jitter := true
	var where ast.Node = call
	if lit != nil {
		where = lit
		// Fields left out of a literal are zero: no limit, no jitter.
		stops, jitter = false, false
		if e := litField(lit, "MaxElapsedTime"); e != nil {
			stops = !a.isZero(e)
		}
		if e := litField(lit, "RandomizationFactor"); e != nil {
			jitter = !a.isZero(e)
		}
	}
	if call != nil {
		for _, opt := range call.Args {
			pkg, name, oc := a.callee(opt)
			if oc == nil || pkg != BackoffV4 || len(oc.Args) != 1 {
				continue
			}
			switch name {
			case "WithMaxElapsedTime":
				stops = !a.isZero(oc.Args[0])
			case "WithRandomizationFactor":
				jitter = !a.isZero(oc.Args[0])
				where = oc
			}
		}
	}
	if e, _ := a.fieldValue(v, "MaxElapsedTime"); e != nil {
		stops = !a.isZero(e)
	}
	if e, as := a.fieldValue(v, "RandomizationFactor"); e != nil {
		jitter = !a.isZero(e)
		where = as
	}
	if jitter {
		p.Wait, p.WaitWhy = WaitJittered, "backoff.ExponentialBackOff"
	} else {
		p.Wait, p.WaitWhy = WaitExponential, "backoff.ExponentialBackOff with RandomizationFactor = 0"
	}
	p.WaitPos = where.Pos()
	return stops
}

func (a *reader) isZero(e ast.Expr) bool {
	f, ok := a.constFloat(e)
	return ok && f == 0
}

// constantWait records a constant backoff whose interval is args[0].
func (a *reader) constantWait(p *Policy, args []ast.Expr, at ast.Node) {
	if len(args) == 0 || a.isZero(args[0]) {
		p.Wait, p.WaitWhy = WaitNone, "a constant backoff of 0"
	} else {
		p.Wait, p.WaitWhy = WaitConstant, "a constant backoff"
	}
	p.WaitPos = at.Pos()
}

// backoffV5 reads the options of a cenkalti/backoff v5 Retry call.
func (a *reader) backoffV5(p *Policy, call *ast.CallExpr) {
	if len(call.Args) < 2 {
		p.Unknown = true
		return
	}
	if call.Ellipsis.IsValid() {
		p.Unknown = true
		return
	}
	elapsedLimit := true // DefaultMaxElapsedTime is 15 minutes
	p.Wait, p.WaitWhy, p.WaitPos = WaitJittered, "the default backoff.ExponentialBackOff", call.Pos()
	for _, opt := range call.Args[2:] {
		e, _ := a.resolve(opt)
		pkg, name, oc := a.callee(e)
		if oc == nil || pkg != BackoffV5 {
			p.Unknown = true
			continue
		}
		switch name {
		case "WithMaxTries":
			if len(oc.Args) == 1 {
				n, known := a.constInt(oc.Args[0])
				if !known || n > 0 {
					p.CapSet, p.CapKnown, p.Cap, p.CapName, p.CapPos = true, known, n, "WithMaxTries", oc.Pos()
				}
			}
		case "WithMaxElapsedTime":
			if len(oc.Args) == 1 {
				n, known := a.constInt(oc.Args[0])
				elapsedLimit = !known || n > 0
			}
		case "WithBackOff":
			if len(oc.Args) == 1 {
				a.backOffV5(p, oc.Args[0])
			}
		}
	}
	if p.Unknown || p.CapSet || elapsedLimit || a.ctxEnds(call.Args[0], false) {
		return
	}
	p.Unbounded = true
	p.Why = "WithMaxElapsedTime(0) without WithMaxTries or a context with a deadline"
}

// backOffV5 reads a v5 BackOff given with WithBackOff, for its wait only:
// v5 backoffs never stop by themselves.
func (a *reader) backOffV5(p *Policy, b ast.Expr) {
	e, v := a.resolve(b)
	pkg, name, call := a.callee(e)
	if call != nil && pkg == BackoffV5 {
		switch name {
		case "NewExponentialBackOff":
			p.Wait, p.WaitWhy, p.WaitPos = WaitJittered, "backoff.ExponentialBackOff", call.Pos()
			if e, as := a.fieldValue(v, "RandomizationFactor"); e != nil && a.isZero(e) {
				p.Wait, p.WaitWhy, p.WaitPos = WaitExponential, "backoff.ExponentialBackOff with RandomizationFactor = 0", as.Pos()
			}
		case "NewConstantBackOff":
			if len(call.Args) == 1 {
				a.constantWait(p, call.Args, call)
			} else {
				p.Wait = WaitUnknown
			}
		default:
			p.Wait = WaitUnknown
		}
		return
	}
	lit, typ := a.compositeOf(e, BackoffV5)
	switch typ {
	case "ExponentialBackOff":
		rf := litField(lit, "RandomizationFactor")
		if setE, as := a.fieldValue(v, "RandomizationFactor"); setE != nil {
			if a.isZero(setE) {
				p.Wait, p.WaitWhy, p.WaitPos = WaitExponential, "backoff.ExponentialBackOff with RandomizationFactor = 0", as.Pos()
			} else {
				p.Wait, p.WaitWhy, p.WaitPos = WaitJittered, "backoff.ExponentialBackOff", lit.Pos()
			}
		} else if rf == nil || a.isZero(rf) {
			p.Wait, p.WaitWhy, p.WaitPos = WaitExponential, "backoff.ExponentialBackOff with RandomizationFactor = 0", lit.Pos()
		} else {
			p.Wait, p.WaitWhy, p.WaitPos = WaitJittered, "backoff.ExponentialBackOff", lit.Pos()
		}
	case "ConstantBackOff":
		var args []ast.Expr
		if iv := litField(lit, "Interval"); iv != nil {
			args = []ast.Expr{iv}
		}
		a.constantWait(p, args, lit)
	case "ZeroBackOff":
		p.Wait, p.WaitWhy, p.WaitPos = WaitNone, "backoff.ZeroBackOff", lit.Pos()
	default:
		p.Wait = WaitUnknown
	}
}
