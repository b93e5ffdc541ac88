package retrylib

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/nines-dev/nines/internal/analysis/retryloop"
)

// backoffV4 reads the BackOff given to a cenkalti/backoff v4 Retry call.
func (a *reader) backoffV4(p *Policy, b ast.Expr) {
	ctxEnds := false
	stops := false // the BackOff itself stops (MaxElapsedTime, StopBackOff)
	kind := "an ExponentialBackOff with MaxElapsedTime = 0"
	for range 8 {
		e, v := a.resolve(b)
		pkg, name, call := a.callee(e)
		if call != nil && pkg == retryloop.BackoffV4 {
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
		} else if lit, typ := a.compositeOf(e, retryloop.BackoffV4); lit != nil {
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
			if oc == nil || pkg != retryloop.BackoffV4 || len(oc.Args) != 1 {
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
		if oc == nil || pkg != retryloop.BackoffV5 {
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
	if call != nil && pkg == retryloop.BackoffV5 {
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
	lit, typ := a.compositeOf(e, retryloop.BackoffV5)
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
		if oc == nil || pkg != retryloop.RetryGoV4 {
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
	if pkg, name, call := a.callee(e); call != nil && pkg == retryloop.RetryGoV4 && name == "CombineDelay" {
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
	if !ok || f.Pkg() == nil || f.Pkg().Path() != retryloop.RetryGoV4 {
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

// sethvargo reads a sethvargo/go-retry call: Do/DoValue(ctx, b, f) or the
// shortcuts Constant/Exponential/Fibonacci(ctx, d, f).
func (a *reader) sethvargo(p *Policy, name string, ctx, b ast.Expr) {
	bounded := a.ctxEnds(ctx, false)
	switch name {
	case "Constant":
		a.constantWait(p, []ast.Expr{b}, b)
		p.WaitWhy = "retry.Constant"
	case "Exponential":
		p.Wait, p.WaitWhy, p.WaitPos = WaitExponential, "retry.Exponential", b.Pos()
	case "Fibonacci":
		p.Wait, p.WaitWhy, p.WaitPos = WaitGrowing, "retry.Fibonacci", b.Pos()
	default:
		bounded = a.sethvargoBackoff(p, b) || bounded
	}
	if p.Unknown || bounded || p.CapSet {
		return
	}
	p.Unbounded = true
	p.Why = "a backoff without WithMaxRetries or WithMaxDuration"
}

// sethvargoBackoff reads a chain of go-retry Backoff wrappers; it reports
// whether a duration limit stops it.
func (a *reader) sethvargoBackoff(p *Policy, b ast.Expr) (stops bool) {
	jitter := false
	var jitterAt ast.Node
	for range 16 {
		e, _ := a.resolve(b)
		pkg, name, call := a.callee(e)
		if call == nil || pkg != retryloop.SethvargoRetry {
			p.Unknown = true
			return stops
		}
		switch name {
		case "WithMaxRetries":
			if len(call.Args) == 2 {
				n, known := a.constInt(call.Args[0])
				if !p.CapSet {
					p.CapSet, p.CapKnown, p.Cap, p.CapName, p.CapPos = true, known, n, "WithMaxRetries", call.Pos()
				}
				b = call.Args[1]
				continue
			}
		case "WithMaxDuration":
			if len(call.Args) == 2 {
				stops = true
				b = call.Args[1]
				continue
			}
		case "WithJitter", "WithJitterPercent":
			if len(call.Args) == 2 {
				if !a.isZero(call.Args[0]) {
					jitter, jitterAt = true, call
				}
				b = call.Args[1]
				continue
			}
		case "WithFullJitter":
			// go-retry v0.5: a random wait in [0, next).
			if len(call.Args) == 1 {
				jitter, jitterAt = true, call
				b = call.Args[0]
				continue
			}
		case "WithCappedDuration":
			if len(call.Args) == 2 {
				b = call.Args[1]
				continue
			}
		case "NewConstant":
			if len(call.Args) != 1 {
				p.Unknown = true
				break
			}
			a.constantWait(p, call.Args, call)
			p.WaitWhy = "retry.NewConstant"
		case "NewExponential":
			p.Wait, p.WaitWhy, p.WaitPos = WaitExponential, "retry.NewExponential", call.Pos()
		case "NewFibonacci":
			p.Wait, p.WaitWhy, p.WaitPos = WaitGrowing, "retry.NewFibonacci", call.Pos()
		default:
			p.Unknown = true
		}
		break
	}
	if jitter && !p.Unknown {
		p.Wait, p.WaitWhy, p.WaitPos = WaitJittered, "a backoff with jitter", jitterAt.Pos()
	}
	return stops
}
