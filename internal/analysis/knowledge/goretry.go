package knowledge

import "go/ast"

// sethvargo/go-retry (v0.3 and v0.5), checked against the library's sources:
// Do stops only when the Backoff says stop (WithMaxRetries, WithMaxDuration)
// or ctx is done; NewConstant, NewExponential and NewFibonacci never stop,
// and have no jitter unless wrapped in WithJitter, WithJitterPercent or
// WithFullJitter (v0.5). Only errors wrapped by RetryableError are retried.
// The context is a mandatory argument, so it counts as a bound only when it
// has a deadline (see ctxEnds).

// SethvargoRetry is the import path of sethvargo/go-retry.
const SethvargoRetry = "github.com/sethvargo/go-retry"

var goRetry = RetryLibrary{
	Path: SethvargoRetry,
	Retries: map[string]int{
		"Do":          2,
		"DoValue":     2,
		"Constant":    2,
		"Exponential": 2,
		"Fibonacci":   2,
	},
	MarksErrors:      true,
	OnlyMarkedErrors: true,
	BoundHint:        "wrap the backoff in retry.WithMaxRetries(%d, b) or retry.WithMaxDuration",
	policy: func(r *reader, p *Policy, name string, call *ast.CallExpr) bool {
		if len(call.Args) < 3 {
			return false
		}
		r.sethvargo(p, name, call.Args[0], call.Args[1])
		return true
	},
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
		if call == nil || pkg != SethvargoRetry {
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
